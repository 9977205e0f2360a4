#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection for FIX, either connected out to a counterparty or accepted on a listening port.
///
/// Owns the socket descriptors and closes them in `deinit`. Reads wait with `poll` for a bounded time, so the
/// feed can notice cancellation and send heartbeats.
public final class FIXConnection: @unchecked Sendable {
    private var socket: Int32 = -1
    private var listener: Int32 = -1
    /// The counterparty, `host:port`.
    public private(set) var peer: String

    /// Connects to `host:port` (IPv4).
    ///
    /// - Throws: ``ConnectorError`` `.io` when the connection fails.
    public init(connectTo host: String, port: UInt16) throws {
        peer = "\(host):\(port)"
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ConnectorError(.io, "socket(): \(String(cString: strerror(errno)))") }
        var address = try Self.address(host, port)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else { throw ConnectorError(.io, "cannot connect to \(peer): \(String(cString: strerror(errno)))") }
    }

    /// Listens on `host:port` and accepts one counterparty (port 0 picks a free port, see ``listeningPort``).
    ///
    /// - Throws: ``ConnectorError`` `.io` when the port cannot be bound.
    public init(listenOn host: String = "127.0.0.1", port: UInt16) throws {
        peer = ""
        listener = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw ConnectorError(.io, "socket(): \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = try Self.address(host, port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 1) == 0 else {
            throw ConnectorError(.io, "cannot listen on \(host):\(port): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if socket >= 0 { close(socket) }
        if listener >= 0 { close(listener) }
    }

    /// The port a listening connection is bound to.
    public var listeningPort: UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Whether a counterparty is connected.
    public var isConnected: Bool { socket >= 0 }

    /// Waits up to `timeoutMillis` for the counterparty to connect (listening side only).
    ///
    /// - Returns: whether one did.
    public func accept(timeoutMillis: Int32) throws -> Bool {
        guard socket < 0, listener >= 0 else { return socket >= 0 }
        var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, timeoutMillis) > 0 else { return false }
        socket = Glibc.accept(listener, nil, nil)
        guard socket >= 0 else { throw ConnectorError(.io, "accept(): \(String(cString: strerror(errno)))") }
        peer = "accepted:\(listeningPort)"
        return true
    }

    /// Reads what has arrived, waiting up to `timeoutMillis`.
    ///
    /// - Returns: the bytes (empty when nothing came in time), or `nil` when the counterparty closed or reset.
    public func read(timeoutMillis: Int32) throws -> [UInt8]? {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, timeoutMillis) > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        // An orderly close and a reset both end the session.
        if count == 0 || (count < 0 && errno == ECONNRESET) { return nil }
        guard count > 0 else { throw ConnectorError(.io, "read from \(peer): \(String(cString: strerror(errno)))") }
        return Array(buffer[0..<count])
    }

    /// Closes the connection to the counterparty (a listener keeps listening).
    public func closeCounterparty() {
        if socket >= 0 { close(socket) }
        socket = -1
    }

    /// Writes all bytes.
    ///
    /// - Throws: ``ConnectorError`` `.io` when the write fails.
    public func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw ConnectorError(.io, "write to \(peer): \(String(cString: strerror(errno)))") }
            sent += count
        }
    }

    private static func address(_ host: String, _ port: UInt16) throws -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        let resolved = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, resolved, &address.sin_addr) == 1 else {
            throw ConnectorError(.configuration, "\(host) is not an IPv4 address")
        }
        return address
    }
}
