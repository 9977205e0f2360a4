import Serving
import Synchronization
import Testing
import TickFlowTestSupport

/// Counting locally and pushing to Redis in batches: exact for one process, shared across processes at each push.
@Suite struct BatchedRateLimitStoreTests {
    static let minute: Int64 = 60_000_000_000
    static let t0: Int64 = 1_772_461_800_000_000_000  // a window start

    /// Runs `body` with a Redis-backed store and a way to read a counter's shared value.
    static func withRedis(_ body: (RedisRateLimitStore) async throws -> Void) async throws {
        let server = try RedisServer()
        let pool = RedisConnectionPool(configuration: .init(port: server.port, connections: 2))
        defer { pool.close() }
        try await body(RedisRateLimitStore(pool: pool))
    }

    /// The shared count of `key` in the window at `nowNanos` (INCRBY 0).
    static func sharedCount(_ redis: RedisRateLimitStore, _ key: String, at nowNanos: Int64 = t0) async throws -> Int {
        try await redis.increment(key, by: 0, windowNanos: minute, nowNanos: nowNanos)
    }

    @Test func oneProcessCountsExactlyAndPushesItsCountsToRedis() async throws {
        try await Self.withRedis { redis in
            let store = BatchedRateLimitStore(shared: redis, flushInterval: .seconds(3600))
            var counts: [Int] = []
            for offset in [0, 1, 30, 59] {
                counts.append(try await store.increment("user:ada", windowNanos: Self.minute, nowNanos: Self.t0 + Int64(offset) * 1_000_000_000))
            }
            #expect(counts == [1, 2, 3, 4])
            #expect(try await store.increment("user:bob", windowNanos: Self.minute, nowNanos: Self.t0) == 1)
            #expect(try await store.increment("user:ada", windowNanos: Self.minute, nowNanos: Self.t0 + Self.minute) == 1, "a new window starts at zero")
            #expect(try await Self.sharedCount(redis, "user:ada") == 0, "nothing pushed before the interval")
            try await store.flush(nowNanos: Self.t0 + Self.minute)
            #expect(try await Self.sharedCount(redis, "user:ada") == 4, "the window that is over was pushed too")
            #expect(try await Self.sharedCount(redis, "user:ada", at: Self.t0 + Self.minute) == 1)
            #expect(try await Self.sharedCount(redis, "user:bob") == 1)
            #expect(try await store.increment("user:ada", windowNanos: Self.minute, nowNanos: Self.t0 + Self.minute) == 2)
        }
    }

    @Test func twoProcessesSeeEachOthersCountsAfterAPush() async throws {
        try await Self.withRedis { redis in
            let a = BatchedRateLimitStore(shared: redis, flushInterval: .seconds(3600))
            let b = BatchedRateLimitStore(shared: redis, flushInterval: .seconds(3600))
            for _ in 0..<3 { _ = try await a.increment("user:ada", windowNanos: Self.minute, nowNanos: Self.t0) }
            for _ in 0..<2 { _ = try await b.increment("user:ada", windowNanos: Self.minute, nowNanos: Self.t0) }
            try await a.flush(nowNanos: Self.t0)
            try await b.flush(nowNanos: Self.t0)
            #expect(try await b.increment("user:ada", windowNanos: Self.minute, nowNanos: Self.t0) == 6, "b knows a's 3 and its own 2")
            #expect(try await a.increment("user:ada", windowNanos: Self.minute, nowNanos: Self.t0) == 4, "a has not pushed since b did")
            try await a.flush(nowNanos: Self.t0)
            #expect(try await a.increment("user:ada", windowNanos: Self.minute, nowNanos: Self.t0) == 7, "a learns b's count at its next push")
            try await a.flush(nowNanos: Self.t0)
            try await b.flush(nowNanos: Self.t0)
            #expect(try await Self.sharedCount(redis, "user:ada") == 8)
        }
    }

    @Test func aDueIntervalPushesOnTheRequestThatFindsIt() async throws {
        try await Self.withRedis { redis in
            let store = BatchedRateLimitStore(shared: redis, flushInterval: .zero)
            try await store.flush(nowNanos: Self.t0)  // nothing pending: a no-op
            for expected in 1...5 {
                #expect(try await store.increment("address:10.0.0.1", windowNanos: Self.minute, nowNanos: Self.t0) == expected)
                #expect(try await Self.sharedCount(redis, "address:10.0.0.1") == expected)
            }
        }
    }

    @Test func concurrentRequestsAreAllCounted() async throws {
        let store = BatchedRateLimitStore(shared: InMemoryRateLimitStore(), flushInterval: .milliseconds(1))
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<200 { group.addTask { try await store.increment("address:127.0.0.1", windowNanos: Self.minute, nowNanos: Self.t0 + 5) } }
            var all: [Int] = []
            for try await count in group { all.append(count) }
            return all
        }
        #expect(Set(counts).count == 200, "every request got its own count")
        #expect(counts.max() == 200)
        try await store.flush(nowNanos: Self.t0 + 5)
        #expect(try await store.shared.increment("address:127.0.0.1", by: 0, windowNanos: Self.minute, nowNanos: Self.t0) == 200)
    }

    @Test func countsAPushCouldNotDeliverStayPendingAndTheErrorReachesTheCaller() async throws {
        let flaky = FlakyStore()
        let store = BatchedRateLimitStore(shared: flaky, flushInterval: .seconds(3600))
        for _ in 0..<3 { _ = try await store.increment("user:ada", windowNanos: Self.minute, nowNanos: Self.t0) }
        flaky.failing.withLock { $0 = true }
        await #expect(throws: ServingError.self) { try await store.flush(nowNanos: Self.t0) }
        #expect(try await store.increment("user:ada", windowNanos: Self.minute, nowNanos: Self.t0) == 4, "local counts survive the failure")
        flaky.failing.withLock { $0 = false }
        try await store.flush(nowNanos: Self.t0)
        #expect(try await flaky.inner.increment("user:ada", by: 0, windowNanos: Self.minute, nowNanos: Self.t0) == 4)
    }
}

/// A shared store that refuses every increment while `failing` is set, like Redis while it is down.
final class FlakyStore: RateLimitStore {
    let inner = InMemoryRateLimitStore()
    let failing = Mutex(false)

    func increment(_ key: String, by amount: Int, windowNanos: Int64, nowNanos: Int64) async throws(ServingError) -> Int {
        if failing.withLock({ $0 }) { throw ServingError(.cacheUnavailable, "the shared counters are down") }
        return try await inner.increment(key, by: amount, windowNanos: windowNanos, nowNanos: nowNanos)
    }
}
