import Serving
import Testing
import TickFlowTestSupport

/// The rate-limit counters' contract, on Redis and in memory alike.
@Suite struct RateLimitStoreContractTests {
    static let minute: Int64 = 60_000_000_000
    static let t0: Int64 = 1_772_461_800_000_000_000  // a window start (2026-03-02T14:30:00Z)

    static func withStore(_ kind: ViewStoreKind, _ body: (any RateLimitStore) async throws -> Void) async throws {
        switch kind {
        case .memory:
            try await body(InMemoryRateLimitStore())
        case .redis:
            let server = try RedisServer()
            let pool = RedisConnectionPool(configuration: .init(port: server.port, connections: 2))
            defer { pool.close() }
            try await body(RedisRateLimitStore(pool: pool))
        }
    }

    @Test(arguments: ViewStoreKind.allCases)
    func countsPerKeyAndWindowAndStartOverInTheNextWindow(kind: ViewStoreKind) async throws {
        try await Self.withStore(kind) { store in
            var counts: [Int] = []
            for offset in [0, 1, 30, 59] { counts.append(try await store.increment("user:ada", windowNanos: Self.minute, nowNanos: Self.t0 + Int64(offset) * 1_000_000_000)) }
            #expect(counts == [1, 2, 3, 4])
            #expect(try await store.increment("user:bob", windowNanos: Self.minute, nowNanos: Self.t0) == 1, "keys are independent")
            #expect(try await store.increment("user:ada", windowNanos: Self.minute, nowNanos: Self.t0 + Self.minute) == 1, "a new window starts at zero")
            #expect(try await store.increment("user:ada", windowNanos: 2 * Self.minute, nowNanos: Self.t0) == 1, "windows of another length count apart")
        }
    }

    @Test(arguments: ViewStoreKind.allCases)
    func concurrentRequestsAreAllCounted(kind: ViewStoreKind) async throws {
        try await Self.withStore(kind) { store in
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<200 { group.addTask { try await store.increment("address:127.0.0.1", windowNanos: Self.minute, nowNanos: Self.t0 + 5) } }
                var all: [Int] = []
                for try await count in group { all.append(count) }
                return all
            }
            #expect(counts.sorted() == Array(1...200), "every request got its own count")
        }
    }
}
