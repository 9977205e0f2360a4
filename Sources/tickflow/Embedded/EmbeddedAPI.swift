import Foundation
import ServiceLifecycle
import Logging
import Model
import Serving
import Stream

/// The API of `tickflow run` and the `tick-to-api` benchmark: the embedded wiring of the ledger API (the ledger in
/// `<data>/ledger.sqlite`, the JWT secret kept in `<data>/jwt.secret`, the instrument master's equities, orders
/// priced from the stream's tops of book, portfolio holdings published to the risk stage, portfolio performance
/// priced from the warehouse) serving the embedded topology's market views and live updates.
enum EmbeddedAPI {
    /// The ledger of the run and what keeps it connected to the pipeline.
    struct Opened {
        var ledger: Ledger
        /// The secret its tokens are signed with.
        var secret: String
        /// Prices orders from the topology's tops of book (a service to run with the API).
        var quoteFeed: QuoteFeed
        /// Publishes portfolio holdings to the topology's risk stage.
        var holdings: HoldingsPublisher
    }

    /// Opens the ledger under `data`, wired to `topology`: its orders priced from the stream's tops of book (until
    /// the first, at the reference marks), its portfolio changes published to the holdings topic.
    ///
    /// - Throws: ``ServingError`` when the store cannot be opened or migrated, or the secret kept;
    ///   ``StreamError`` when the topology's topics cannot be read or written.
    static func ledger(data: String, topology: EmbeddedTopology, logger: Logger) async throws -> Opened {
        let store = try await LedgerBackend.sqlite(path: "\(data)/ledger.sqlite").open(logger: logger)
        let hasMaster = FileManager.default.fileExists(atPath: InstrumentMaster.defaultPath)
            && FileManager.default.fileExists(atPath: StockCatalog.defaultReferencePricesPath)
        let stocks = hasMaster ? try StockCatalog.load() : StockCatalog.seeded
        let secret = try ProcessInfo.processInfo.environment["TICKFLOW_JWT_SECRET"] ?? LedgerBackend.persistentSecret(in: data)
        let quotes = LatestQuotes(stocks.referenceQuotes)
        let holdings = HoldingsPublisher(producer: try topology.transport.makeProducer(), logger: logger)
        let ledger = Ledger(store: store, stocks: stocks, quotes: quotes, portfolioChanges: holdings)
        let feed = QuoteFeed(
            ledger: ledger, quotes: quotes, consumer: try topology.transport.makeConsumer(group: "ledger.quotes", topics: [QuoteFeed.topic]),
            deadLetters: DeadLetterRouter(producer: try topology.transport.makeProducer()), logger: logger)
        return Opened(ledger: ledger, secret: secret, quoteFeed: feed, holdings: holdings)
    }

    /// The application serving `ledger` with the topology's views and live updates.
    ///
    /// - Parameters:
    ///   - warehouse: the warehouse pricing portfolio performance (`nil`: none, performance answers 422).
    ///   - rateLimiting: the API's limits (`nil` disables them, for a benchmark's tight poller).
    ///   - onServerRunning: told the port once the server listens.
    /// - Throws: ``ServingError`` when the warehouse cannot be opened.
    static func application(
        ledger: Ledger, secret: String, topology: EmbeddedTopology, warehouse: String?, host: String = "127.0.0.1", port: Int,
        rateLimiting: RateLimiting? = RateLimiting(), observability: Observability = Observability(), logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void
    ) async throws -> any Service {
        // The simulator keys its trades by its own ids: match the stocks on their symbols too.
        let history = try warehouse.map { root throws(ServingError) in try WarehousePriceHistory(root: root, symbols: ledger.stocks.symbolsById) }
        return await LedgerServer.application(
            ledger: ledger,
            configuration: .init(host: host, port: port, jwtSecret: secret, systemAPIKey: ProcessInfo.processInfo.environment["TICKFLOW_API_KEY"]),
            priceHistory: history, market: topology.market, rateLimiting: rateLimiting, observability: observability,
            live: topology.live, logger: logger, onServerRunning: onServerRunning)
    }
}
