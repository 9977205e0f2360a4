import Foundation
import ServiceLifecycle
import Logging
import Model
import Serving

/// The API of `tickflow run` and the `tick-to-api` benchmark: the embedded wiring of the ledger API (the ledger in
/// `<data>/ledger.sqlite`, the JWT secret kept in `<data>/jwt.secret`, the instrument master's equities at their
/// reference marks, portfolio performance priced from the warehouse) serving the embedded topology's market
/// views and live updates.
enum EmbeddedAPI {
    /// The ledger and the secret its tokens are signed with, opened under `data`.
    ///
    /// - Throws: ``ServingError`` when the store cannot be opened or migrated, or the secret kept.
    static func ledger(data: String, logger: Logger) async throws -> (ledger: Ledger, secret: String) {
        let store = try await LedgerBackend.sqlite(path: "\(data)/ledger.sqlite").open(logger: logger)
        let hasMaster = FileManager.default.fileExists(atPath: InstrumentMaster.defaultPath)
            && FileManager.default.fileExists(atPath: StockCatalog.defaultReferencePricesPath)
        let stocks = hasMaster ? try StockCatalog.load() : StockCatalog.seeded
        let secret = try ProcessInfo.processInfo.environment["TICKFLOW_JWT_SECRET"] ?? LedgerBackend.persistentSecret(in: data)
        return (Ledger(store: store, stocks: stocks, quotes: LatestQuotes(stocks.referenceQuotes)), secret)
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
