import Foundation

/// A real `redis-server` on a free loopback port, in a temporary directory, for a test, a suite or a benchmark.
public final class RedisServer: @unchecked Sendable {
    /// The port it listens on, on 127.0.0.1.
    public let port: Int
    /// Its working directory.
    public let directory: String
    private let binary: String

    /// Starts a server with persistence off and waits until it accepts connections.
    ///
    /// - Throws: ``CommandError`` if `redis-server` is missing (run `scripts/bootstrap`) or does not start.
    public init() throws {
        guard let binary = Command.find(["redis-server"], in: ["/usr/bin", "/usr/local/bin"]) else {
            throw CommandError("redis-server is not installed: run scripts/bootstrap (apt-get install -y redis-server)")
        }
        self.binary = binary
        // Named after this process, so that scripts/test cleans up only servers whose owner is gone.
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-redis-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try FreePort.next()
        try start()
    }

    deinit {
        try? stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts the server (again) on the same port.
    public func start() throws {
        try Command.check(binary, [
            "--port", String(port), "--bind", "127.0.0.1", "--daemonize", "yes", "--save", "", "--appendonly", "no",
            "--pidfile", "\(directory)/redis.pid", "--dir", directory, "--logfile", "\(directory)/redis.log",
        ])
        try waitUntil(listening: true)
    }

    /// Stops the server without saving; its port stays reserved for ``start()``.
    public func stop() throws {
        guard FreePort.isListening(port) else { return }
        let pid = try String(contentsOfFile: "\(directory)/redis.pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        kill(pid_t(pid) ?? 0, SIGTERM)
        try waitUntil(listening: false)
    }

    private func waitUntil(listening: Bool) throws {
        for _ in 0..<500 {
            if FreePort.isListening(port) == listening { return }
            usleep(10_000)
        }
        let log = (try? String(contentsOfFile: "\(directory)/redis.log", encoding: .utf8)) ?? ""
        throw CommandError("redis-server on port \(port) did not \(listening ? "start" : "stop") within 5 s: \(log)")
    }
}
