import Synchronization

/// Fixed-window request counters: the rate limits' state. Two implementations with one contract (tested by one
/// suite against both): ``RedisRateLimitStore`` (shared by every API process) and ``InMemoryRateLimitStore``
/// (the embedded server's).
public protocol RateLimitStore: Sendable {
    /// Counts `amount` requests of `key` in the window of length `windowNanos` containing `nowNanos` (windows
    /// start at multiples of their length) and returns the window's count including them.
    ///
    /// - Throws: ``ServingError`` (`cacheUnavailable`) when the store cannot be reached.
    func increment(_ key: String, by amount: Int, windowNanos: Int64, nowNanos: Int64) async throws(ServingError) -> Int
}

extension RateLimitStore {
    /// Counts one request of `key` (see ``increment(_:by:windowNanos:nowNanos:)``).
    public func increment(_ key: String, windowNanos: Int64, nowNanos: Int64) async throws(ServingError) -> Int {
        try await increment(key, by: 1, windowNanos: windowNanos, nowNanos: nowNanos)
    }
}

/// Rate-limit counters in this process's memory; windows older than the current one are dropped as they pass.
public final class InMemoryRateLimitStore: RateLimitStore {
    private struct State {
        var window: [Int64: Int64] = [:]
        var counts: [String: Int] = [:]
    }

    private let state = Mutex(State())

    /// Creates empty counters.
    public init() {}

    public func increment(_ key: String, by amount: Int, windowNanos: Int64, nowNanos: Int64) async throws(ServingError) -> Int {
        let window = nowNanos / windowNanos
        return state.withLock { state in
            let slot = "\(windowNanos)|\(key)"
            if state.window[windowNanos] != window {
                state.counts = state.counts.filter { !$0.key.hasPrefix("\(windowNanos)|") }
                state.window[windowNanos] = window
            }
            state.counts[slot, default: 0] += amount
            return state.counts[slot]!
        }
    }
}

/// Rate-limit counters in Redis: `INCRBY` of `<prefix>:rl:<key>:<window>` and, in the same pipeline, a `PEXPIRE …
/// NX` of twice the window, so that a counter outlives its window briefly and never lingers.
public final class RedisRateLimitStore: RateLimitStore {
    /// The connections it uses.
    public let pool: RedisConnectionPool
    /// The key prefix.
    public let prefix: String

    /// Creates counters over a pool.
    public init(pool: RedisConnectionPool, prefix: String = "tf") {
        self.pool = pool
        self.prefix = prefix
    }

    public func increment(_ key: String, by amount: Int, windowNanos: Int64, nowNanos: Int64) async throws(ServingError) -> Int {
        let counter = Array("\(prefix):rl:\(key):\(nowNanos / windowNanos)".utf8)
        let ttl = Array(String(2 * windowNanos / 1_000_000).utf8)
        let replies = try await pool.pipeline([[Array("INCRBY".utf8), counter, Array(String(amount).utf8)], [Array("PEXPIRE".utf8), counter, ttl, Array("NX".utf8)]])
        guard case .integer(let count) = replies[0] else {
            throw ServingError(.cacheCommand, "Redis INCRBY of a rate-limit counter answered \(replies[0])")
        }
        return Int(count)
    }
}
