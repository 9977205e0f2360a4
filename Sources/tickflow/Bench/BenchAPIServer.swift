import Foundation
import Logging
import Serving
import ServiceLifecycle

/// The API served from the benchmark's own process on a free loopback port, with investors to call it as.
struct BenchAPIServer {
    static let secret = "bench-secret-0123456789abcdef0123"

    /// The port it listens on.
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Starts the API over `ledger` (and the given market views and rate limits) and waits until it listens.
    ///
    /// - Throws: ``BenchError`` if it does not start.
    static func start(
        ledger: Ledger, market: MarketData = MarketData(), rateLimiting: RateLimiting? = RateLimiting(), logger: Logger
    ) async throws -> BenchAPIServer {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = await LedgerServer.application(
            ledger: ledger, configuration: .init(host: "127.0.0.1", port: 0, jwtSecret: secret, bcryptCost: 4),
            market: market, rateLimiting: rateLimiting, logger: logger, onServerRunning: { continuation.yield($0) })
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw BenchError("the API did not start") }
        return BenchAPIServer(port: port, group: group, task: task)
    }

    /// Registers `count` investors, each with `deposit` in their wallet, and returns their access tokens.
    ///
    /// - Throws: the ledger's errors.
    static func investors(_ count: Int, deposit: Decimal, in ledger: Ledger) async throws -> [String] {
        let tokens = await TokenService(secret: secret)
        var accessTokens: [String] = []
        for index in 0..<count {
            let user = try await ledger.register(email: "bench-\(index)@example.com", name: "Bench \(index)", role: .investor, passwordHash: "-")
            if deposit > 0 {
                _ = try await ledger.createTransaction(userId: user.id, kind: .deposit, amount: deposit, actor: Principal(userId: user.id, role: .investor))
            }
            accessTokens.append(try await tokens.login(user, ledger: ledger).accessToken)
        }
        return accessTokens
    }

    /// Shuts the server down gracefully.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}
