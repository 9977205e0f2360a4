import AsyncHTTPClient
import Foundation
import Logging
import Model
import NIOCore
import NIOHTTP1
import Serving
import ServiceLifecycle

/// The ledger API served for real on a free loopback port, over a fresh store of one kind.
final class LiveLedgerServer: Sendable {
    static let secret = "test-secret-0123456789abcdef0123456789"
    static let apiKey = "system-key-for-tests"

    let fixture: LedgerFixture
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(fixture: LedgerFixture, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.fixture = fixture
        self.port = port
        self.group = group
        self.task = task
    }

    static func start(
        _ kind: StoreKind, maximumConnections: Int = 20, priceHistory: (any PriceHistory)? = nil, market: MarketData = MarketData(),
        rateLimiting: RateLimiting? = RateLimiting(), observability: Observability = Observability(), live: LiveUpdates = LiveUpdates(),
        baseCurrency: String = "USD", logger: Logger? = nil
    ) async throws -> LiveLedgerServer {
        let fixture = try await LedgerFixture.make(kind, maximumConnections: maximumConnections)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let logger = logger ?? {
            var logger = Logger(label: "test.api")
            logger.logLevel = .warning
            return logger
        }()
        let app = await LedgerServer.application(
            ledger: fixture.ledger,
            configuration: .init(host: "127.0.0.1", port: 0, jwtSecret: secret, systemAPIKey: apiKey, bcryptCost: 4, baseCurrency: baseCurrency),
            priceHistory: priceHistory, market: market, rateLimiting: rateLimiting, observability: observability, live: live, logger: logger, onServerRunning: { continuation.yield($0) })
        let group = ServiceGroup(configuration: .init(services: [.init(service: app), .init(service: live)], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ServingError(.storage, "server did not start") }
        return LiveLedgerServer(fixture: fixture, port: port, group: group, task: task)
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        await fixture.close()
    }

    /// One answer: status, headers and the JSON body (nil when empty or not JSON).
    struct Answer: @unchecked Sendable {
        var status: Int
        var headers: HTTPHeaders
        var json: Any?

        var object: [String: Any] { json as? [String: Any] ?? [:] }
        subscript(_ key: String) -> Any? { object[key] }
        func string(_ key: String) -> String? { object[key] as? String }
        var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
    }

    /// Sends a request; `body` is encoded as JSON unless it is already a string.
    func call(
        _ method: HTTPMethod, _ path: String, token: String? = nil, apiKey: String? = nil, body: Any? = nil,
        headers extra: [(String, String)] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let apiKey { request.headers.add(name: "X-API-Key", value: apiKey) }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        if let body {
            let data: String
            if let text = body as? String { data = text } else { data = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self) }
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: data))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let json = bytes.readableBytes == 0 ? nil : try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))
        return Answer(status: Int(response.status.code), headers: response.headers, json: json)
    }

    /// Registers a user over HTTP and returns (id, access token, refresh token).
    func register(_ type: String = "investor", name: String = "Ada", password: String = "correct horse") async throws -> (id: String, token: String, refresh: String) {
        let email = "\(name.lowercased())-\(UUID().uuidString.prefix(8))@example.com"
        let answer = try await call(.POST, "/api/v1/users/register", body: ["email": email, "password": password, "name": name, "type": type])
        guard answer.status == 201, let token = answer.string("accessToken"), let refresh = answer.string("refreshToken"),
            let user = answer["user"] as? [String: Any], let id = user["id"] as? String
        else { throw ServingError(.validation, "register failed: \(answer.status) \(String(describing: answer.json))") }
        return (id, token, refresh)
    }

    /// Deposits cash for a user.
    func deposit(_ amount: String, token: String) async throws {
        let answer = try await call(.POST, "/api/v1/transactions", token: token, body: ["type": "deposit", "amount": amount])
        guard answer.status == 201 else { throw ServingError(.validation, "deposit failed: \(answer.status)") }
    }
}

/// Runs `body` with a live server and stops it whatever happens.
func withLiveServer(
    _ kind: StoreKind = .sqlite, maximumConnections: Int = 20, priceHistory: (any PriceHistory)? = nil, market: MarketData = MarketData(),
    rateLimiting: RateLimiting? = RateLimiting(), observability: Observability = Observability(), live: LiveUpdates = LiveUpdates(),
    baseCurrency: String = "USD", logger: Logger? = nil, _ body: (LiveLedgerServer) async throws -> Void
) async throws {
    let server = try await LiveLedgerServer.start(
        kind, maximumConnections: maximumConnections, priceHistory: priceHistory, market: market, rateLimiting: rateLimiting,
        observability: observability, live: live, baseCurrency: baseCurrency, logger: logger)
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}
