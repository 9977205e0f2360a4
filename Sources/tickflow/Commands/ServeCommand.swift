import Analytics
import ArgumentParser
import Foundation
import Logging
import Metrics
import Model
import Serving
import ServiceLifecycle
import Stream

/// `tickflow serve`: the ledger HTTP API on Postgres (`--postgres-url`) or an SQLite file (default).
struct ServeCommand: AsyncParsableCommand, EventLoopCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the ledger HTTP API.")

    /// Handlers run on the event loop that read their request (api-quote: 12.7k -> 15.5k requests/s); the CPU-heavy
    /// risk computations go to `NIOThreadPool`, so they never hold a loop.
    var runsTasksOnEventLoops: Bool { true }

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
    @Option(help: "Currency of the risk endpoints' amounts: the --base-currency of `tickflow process` and `tickflow analytics run`.")
    var baseCurrency = "USD"
    @Option(help: "Instrument master CSV (its equities are the stocks).") var instruments = InstrumentMaster.defaultPath
    @Option(help: "Reference prices CSV (symbol,reference_price): the quotes until the stream's arrive.")
    var referencePrices = StockCatalog.defaultReferencePricesPath
    @Option(help: "Kafka brokers whose \(QuoteFeed.topic) prices orders (default: reference prices and PUT /quotes only).")
    var quotesKafka: String?
    @Option(help: "Warehouse directory whose trades and bars price portfolio performance over a period and serve bar history (default: none; performance then answers 422).")
    var warehouse: String?
    @Option(help: "Redis (host:port) holding the market views that `tickflow sink views` writes (default: views in this process's memory).")
    var redis: String?
    @Option(help: "With --redis: push rate-limit counts to Redis every N ms instead of once per request (0: per request). Several API processes may overrun a budget by what the others counted within one interval.")
    var rateLimitFlushMs = 100
    @Option(help: "Kafka brokers whose view topics this server applies to its market views and streams live (from the latest offsets).")
    var viewsKafka: String?
    @Option(help: "Kafka brokers to publish portfolio holdings to (\(HoldingsPublisher.topic), what `tickflow analytics run` risks); all of them at start, then each change.")
    var holdingsKafka: String?

    func validate() throws {
        // HMAC-SHA256 keys shorter than its output weaken the signature (and jwt-kit asserts on them).
        if let secret = jwtSecret ?? ProcessInfo.processInfo.environment["TICKFLOW_JWT_SECRET"], secret.utf8.count < 32 {
            throw ValidationError("the JWT secret must be at least 32 bytes long, got \(secret.utf8.count)")
        }
        // A mistyped directory would otherwise become a new, empty warehouse and every performance request a 422.
        if let warehouse, !FileManager.default.fileExists(atPath: "\(warehouse)/_catalog") {
            throw ValidationError("--warehouse \(warehouse) is not a warehouse (no _catalog directory)")
        }
    }

    func run() async throws {
        let logger = Logger(label: "tickflow.serve")
        // Every metric of this process (API, quote feed, views sink, dead letters) into the registry /metrics renders.
        let observability = Observability()
        MetricsSystem.bootstrap(observability.factory)
        let backend: LedgerBackend = try postgresURL.map { .postgres(try .init(url: $0, maximumConnections: postgresConnections)) }
            ?? .sqlite(path: sqlite)
        let secret = try jwtSecret ?? ProcessInfo.processInfo.environment["TICKFLOW_JWT_SECRET"]
            ?? LedgerBackend.persistentSecret(in: (sqlite as NSString).deletingLastPathComponent.isEmpty ? "." : (sqlite as NSString).deletingLastPathComponent)
        let store = try await backend.open(logger: logger)
        let stocks = try StockCatalog.load(instrumentsAt: instruments, referencePricesAt: referencePrices)
        let quotes = LatestQuotes(stocks.referenceQuotes)
        let holdings = try holdingsKafka.map { HoldingsPublisher(producer: try KafkaTransport(bootstrapServers: $0).makeProducer(), logger: logger) }
        let ledger = Ledger(store: store, stocks: stocks, quotes: quotes, portfolioChanges: holdings)
        // Republished at every start: the risk stage keeps each portfolio's newest holdings, so this is harmless
        // and puts back a change whose publication a crash cut short.
        if let holdings { print("published the holdings of \(try await holdings.publishAll(from: ledger)) portfolios to \(HoldingsPublisher.topic)") }
        let history = try warehouse.map { directory throws(ServingError) in try WarehousePriceHistory(root: directory, symbols: stocks.symbolsById) }
        let pool = try redis.map { address throws(ServingError) in RedisConnectionPool(configuration: try .init(address: address)) }
        defer { pool?.close() }
        let views: any MarketViewStore = pool.map { RedisMarketViewStore(pool: $0) } ?? InMemoryMarketViewStore()
        let market = MarketData(views: views, history: history.map { WarehouseBarHistory(store: $0.store) })
        let live = LiveUpdates()
        let app = await LedgerServer.application(
            ledger: ledger,
            configuration: .init(
                host: host, port: port, jwtSecret: secret,
                systemAPIKey: apiKey ?? ProcessInfo.processInfo.environment["TICKFLOW_API_KEY"], bcryptCost: bcryptCost,
                baseCurrency: baseCurrency),
            priceHistory: history, market: market,
            rateLimiting: RateLimiting(store: pool.map { Self.rateLimitStore(RedisRateLimitStore(pool: $0), flushMillis: rateLimitFlushMs) } ?? InMemoryRateLimitStore()),
            observability: observability, live: live, logger: logger,
            onServerRunning: { port in print("ledger API on http://\(host):\(port)/api/v1 (\(postgresURL == nil ? "SQLite \(sqlite)" : "Postgres"), market views \(redis.map { "in Redis \($0)" } ?? "in memory"))") })
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app), .init(service: live)]
        if let brokers = quotesKafka {
            // Every server needs every book, from now on: its own group, starting at the latest offsets.
            var transport = KafkaTransport(bootstrapServers: brokers)
            transport.consumerConfiguration.autoOffsetReset = .latest
            let consumer = try transport.makeConsumer(group: "tickflow-ledger-quotes-\(UUID().uuidString.prefix(8))", topics: [QuoteFeed.topic])
            let deadLetters = DeadLetterRouter(producer: try transport.makeProducer())
            services.append(.init(service: QuoteFeed(ledger: ledger, quotes: quotes, consumer: consumer, deadLetters: deadLetters, logger: logger)))
        }
        if let brokers = viewsKafka {
            // Every server follows every update from now on (its own group): its live streams need them all, and
            // writing them to shared Redis views too is harmless, the views being idempotent. The views' history
            // comes from `tickflow sink views` (or, in memory, builds up from now).
            var transport = KafkaTransport(bootstrapServers: brokers)
            transport.consumerConfiguration.autoOffsetReset = .latest
            let group = "tickflow-serve-views-\(UUID().uuidString.prefix(8))"
            let consumer = try transport.makeConsumer(group: group, topics: MarketViewUpdate.topics)
            services.append(.init(service: MarketViewSink(
                store: views, consumer: consumer, deadLetters: DeadLetterRouter(producer: try transport.makeProducer()), logger: logger,
                observer: { live.publish($0) })))
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// The Redis counters, batched every `flushMillis` ms (``BatchedRateLimitStore``) unless it is 0.
    static func rateLimitStore(_ redis: RedisRateLimitStore, flushMillis: Int) -> any RateLimitStore {
        flushMillis > 0 ? BatchedRateLimitStore(shared: redis, flushInterval: .milliseconds(flushMillis)) : redis
    }
}
