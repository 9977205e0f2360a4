import CHiredis

/// One blocking connection to a Redis server through hiredis.
///
/// Blocking by design: the connection pool of the cache layer runs these on its own threads, never on the event
/// loop. Not thread-safe: one thread uses a connection at a time.
public final class RedisConnection {
    private let context: UnsafeMutablePointer<redisContext>
    /// Where it is connected.
    public let host: String
    public let port: Int

    /// Connects, with a timeout.
    ///
    /// - Throws: ``ServingError`` (`.cacheUnavailable`) with hiredis' reason if the server cannot be reached.
    public init(host: String = "127.0.0.1", port: Int, timeoutMillis: Int = 2_000) throws {
        let timeout = timeval(tv_sec: timeoutMillis / 1000, tv_usec: (timeoutMillis % 1000) * 1000)
        guard let context = redisConnectWithTimeout(host, Int32(port), timeout) else {
            throw ServingError(.cacheUnavailable, "cannot allocate a Redis context for \(host):\(port)")
        }
        if context.pointee.err != 0 {
            let reason = Self.errorText(context)
            redisFree(context)
            throw ServingError(.cacheUnavailable, "cannot connect to Redis at \(host):\(port): \(reason)")
        }
        redisSetTimeout(context, timeout)
        self.context = context
        self.host = host
        self.port = port
    }

    deinit {
        redisFree(context)
    }

    /// Sends one command (each argument binary-safe) and waits for its reply.
    ///
    /// - Returns: the reply; a Redis error reply is returned as ``RedisReply/error(_:)``, not thrown.
    /// - Throws: ``ServingError`` (`.cacheUnavailable`) if the connection broke or timed out.
    public func command(_ arguments: [String]) throws -> RedisReply {
        let bytes = arguments.map { Array($0.utf8) }
        var lengths = bytes.map(\.count)
        let reply: UnsafeMutableRawPointer? = withPointers(bytes) { pointers in
            var argv = pointers
            return redisCommandArgv(context, Int32(bytes.count), &argv, &lengths)
        }
        guard let reply else {
            throw ServingError(.cacheUnavailable, "Redis \(host):\(port) \(arguments.first ?? ""): \(Self.errorText(context))")
        }
        defer { freeReplyObject(reply) }
        return Self.convert(reply.assumingMemoryBound(to: redisReply.self))
    }

    private func withPointers<R>(_ arrays: [[UInt8]], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafePointer<CChar>?] = []
        func recurse(_ index: Int) -> R {
            guard index < arrays.count else { return body(pointers) }
            return arrays[index].withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    pointers.append(chars.baseAddress ?? UnsafePointer(bitPattern: 1))
                    return recurse(index + 1)
                }
            }
        }
        return recurse(0)
    }

    private static func convert(_ reply: UnsafeMutablePointer<redisReply>) -> RedisReply {
        let r = reply.pointee
        func bytes() -> [UInt8] { r.str.map { Array(UnsafeRawBufferPointer(start: $0, count: r.len)) } ?? [] }
        switch r.type {
        case REDIS_REPLY_STATUS: return .status(String(decoding: bytes(), as: UTF8.self))
        case REDIS_REPLY_STRING: return .string(bytes())
        case REDIS_REPLY_INTEGER: return .integer(r.integer)
        case REDIS_REPLY_NIL: return .null
        case REDIS_REPLY_ERROR: return .error(String(decoding: bytes(), as: UTF8.self))
        case REDIS_REPLY_ARRAY:
            return .array((0..<r.elements).compactMap { r.element[$0].map(convert) })
        default: return .null
        }
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
