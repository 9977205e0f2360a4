import ArgumentParser
import Foundation
import Logging
import Model
import Serving
import ServiceLifecycle

/// `tickflow serve`: the ledger HTTP API on Postgres (`--postgres-url`) or an SQLite file (default).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the ledger HTTP API.")

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Postgres URL, postgres://user[:password]@host:port/database (default: the SQLite file).")
    var postgresURL: String?
    @Option(help: "Postgres pool size.") var postgresConnections = 20
    @Option(help: "SQLite ledger file, used when no --postgres-url is given.") var sqlite = "data/ledger.sqlite"
    @Option(help: "JWT signing secret (default: $TICKFLOW_JWT_SECRET, else one kept in data/jwt.secret).")
    var jwtSecret: String?
    @Option(help: "API key of system requests (default: $TICKFLOW_API_KEY; none disables them).") var apiKey: String?
    @Option(help: "bcrypt cost of password hashes.") var bcryptCost: UInt8 = 12

    func run() async throws {
        let logger = Logger(label: "tickflow.serve")
        let backend: LedgerBackend = try postgresURL.map { .postgres(try .init(url: $0, maximumConnections: postgresConnections)) }
            ?? .sqlite(path: sqlite)
        let secret = try jwtSecret ?? ProcessInfo.processInfo.environment["TICKFLOW_JWT_SECRET"]
            ?? LedgerBackend.persistentSecret(in: (sqlite as NSString).deletingLastPathComponent.isEmpty ? "." : (sqlite as NSString).deletingLastPathComponent)
        let store = try await backend.open(logger: logger)
        let stocks = StockCatalog.seeded
        let ledger = Ledger(store: store, stocks: stocks, quotes: LatestQuotes(stocks.referenceQuotes))
        let app = await LedgerServer.application(
            ledger: ledger,
            configuration: .init(
                host: host, port: port, jwtSecret: secret,
                systemAPIKey: apiKey ?? ProcessInfo.processInfo.environment["TICKFLOW_API_KEY"], bcryptCost: bcryptCost),
            logger: logger,
            onServerRunning: { port in print("ledger API on http://\(host):\(port)/api/v1 (\(postgresURL == nil ? "SQLite \(sqlite)" : "Postgres"))") })
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
