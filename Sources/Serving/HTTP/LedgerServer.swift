import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import Logging
import Model

/// The ledger HTTP API: builds the Hummingbird application serving `/api/v1`, `/openapi.yaml` and `/dashboard`.
public enum LedgerServer {
    /// Where and how to serve.
    public struct Configuration: Sendable {
        /// Address to bind (default 127.0.0.1).
        public var host: String
        /// Port (default 8080; 0 picks a free one).
        public var port: Int
        /// HMAC secret signing the JWTs.
        public var jwtSecret: String
        /// API key of system requests; nil disables them.
        public var systemAPIKey: String?
        /// bcrypt cost (default 12).
        public var bcryptCost: UInt8
        /// The currency of the risk endpoints' amounts: the stream's base currency (default `USD`).
        public var baseCurrency: String

        /// Creates a configuration.
        public init(
            host: String = "127.0.0.1", port: Int = 8080, jwtSecret: String, systemAPIKey: String? = nil, bcryptCost: UInt8 = 12,
            baseCurrency: String = "USD"
        ) {
            self.host = host
            self.port = port
            self.jwtSecret = jwtSecret
            self.systemAPIKey = systemAPIKey
            self.bcryptCost = bcryptCost
            self.baseCurrency = baseCurrency
        }
    }

    /// The router of the API, for tests that run it without a socket.
    public static func router(api: LedgerAPI) -> Router<LedgerRequestContext> {
        let router = Router(context: LedgerRequestContext.self)
        router.add(middleware: TraceMiddleware())
        router.add(middleware: MetricsMiddleware(factory: api.observability.factory))
        router.add(middleware: ErrorMiddleware())
        // Liveness: the process serves requests.
        router.get("health") { _, _ in try JSONResponse.make(["status": "ok"]) }
        // Readiness: the ledger answers (else 503); the market views' state is reported, but the API answers
        // without them (from the ledger and the warehouse), so they don't make it unready.
        router.get("ready") { _, _ in
            do {
                _ = try await api.ledger.store.read { sql throws(ServingError) in try await sql.query("SELECT 1", []) }
            } catch {
                throw ServingError(.storage, "the ledger store does not answer: \(error)")
            }
            let views: String
            do {
                try await api.market.views.ping()
                views = "ok"
            } catch {
                views = "unavailable: \(error)"
            }
            return try JSONResponse.make(["status": "ready", "ledger": "ok", "views": views])
        }
        router.get("metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: api.observability.render())))
        }
        router.get("openapi.yaml") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: try OpenAPIDocument.text())))
        }
        // The live dashboard page and its scripts (public; the page calls the API with the user's token).
        Dashboard.register(on: router)
        let group = router.group("api/v1")
        if let limiting = api.rateLimiting {
            group.add(middleware: RateLimitMiddleware(api: api, limiting: limiting))
        }
        UsersController(api: api).register(on: group)
        WalletController(api: api).register(on: group)
        AuthorizationsController(api: api).register(on: group)
        StocksController(api: api).register(on: group)
        OrdersController(api: api).register(on: group)
        PortfoliosController(api: api).register(on: group)
        QuotesController(api: api).register(on: group)
        MarketController(api: api).register(on: group)
        RiskController(api: api).register(on: group)
        return router
    }

    /// Builds the application around a migrated ledger; `priceHistory` (the warehouse, usually) prices portfolio
    /// performance over a period, which answers 422 `NO_PRICE_HISTORY` without it.
    public static func application(
        ledger: Ledger, configuration: Configuration, priceHistory: (any PriceHistory)? = nil, market: MarketData = MarketData(),
        rateLimiting: RateLimiting? = RateLimiting(), observability: Observability = Observability(), live: LiveUpdates = LiveUpdates(),
        logger: Logger = Logger(label: "tickflow.api"), onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async -> some ApplicationProtocol {
        let api = LedgerAPI(
            ledger: ledger, tokens: await TokenService(secret: configuration.jwtSecret),
            passwords: PasswordHasher(cost: configuration.bcryptCost), systemAPIKey: configuration.systemAPIKey,
            priceHistory: priceHistory, market: market, rateLimiting: rateLimiting, observability: observability, live: live,
            baseCurrency: configuration.baseCurrency)
        return Application(
            router: router(api: api),
            server: .http1WebSocketUpgrade(webSocketRouter: LiveSocket.router(api: api)),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "tickflow"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
