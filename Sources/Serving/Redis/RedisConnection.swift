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

    /// Whether an I/O error or a timeout has broken the connection: hiredis then refuses every further command,
    /// and the owner replaces it with a new one.
    public var isBroken: Bool { context.pointee.err != 0 }

    /// Sends one command and waits for its reply.
    ///
    /// - Returns: the reply; a Redis error reply is returned as ``RedisReply/error(_:)``, not thrown.
    /// - Throws: ``ServingError`` (`.cacheUnavailable`) if the connection broke or timed out.
    public func command(_ arguments: [String]) throws -> RedisReply {
        try pipeline([arguments.map { Array($0.utf8) }])[0]
    }

    /// Sends all `commands` (each argument binary-safe) in one write, then reads their replies in order: one
    /// round trip for the lot.
    ///
    /// - Returns: one reply per command; Redis error replies are returned as ``RedisReply/error(_:)``, not thrown.
    /// - Throws: ``ServingError`` (`.cacheUnavailable`) if the connection broke or timed out; the connection is
    ///   then ``isBroken``.
    public func pipeline(_ commands: [[[UInt8]]]) throws -> [RedisReply] {
        for arguments in commands {
            var lengths = arguments.map(\.count)
            let appended = withPointers(arguments) { pointers in
                var argv = pointers
                return redisAppendCommandArgv(context, Int32(arguments.count), &argv, &lengths)
            }
            guard appended == REDIS_OK else { throw failure(arguments) }
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for arguments in commands {
            var reply: UnsafeMutableRawPointer?
            guard redisGetReply(context, &reply) == REDIS_OK, let reply else { throw failure(arguments) }
            replies.append(Self.convert(reply.assumingMemoryBound(to: redisReply.self)))
            freeReplyObject(reply)
        }
        return replies
    }

    private func failure(_ arguments: [[UInt8]]) -> ServingError {
        let name = arguments.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return ServingError(.cacheUnavailable, "Redis \(host):\(port) \(name): \(Self.errorText(context))")
    }

    private func withPointers<R>(_ arrays: [[UInt8]], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafePointer<CChar>?] = []
        pointers.reserveCapacity(arrays.count)
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
