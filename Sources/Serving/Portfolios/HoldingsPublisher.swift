import Analytics
import Logging
import Metrics
import Model
import Stream

/// Publishes ledger portfolios to the compacted `portfolios.holdings` topic (key = portfolio id), the side input
/// the portfolio-risk stage values and risks them from.
///
/// The ledger commits first and publishes after, so a crash between the two leaves the topic behind the ledger:
/// ``publishAll(from:)`` at start-up republishes every portfolio (the stage keeps the newest holdings of each, so
/// a republished value that is already in force changes nothing). A failed send is logged and counted
/// (`tickflow_holdings_publish_failures_total`), never surfaced to the API caller whose change did commit.
public struct HoldingsPublisher: PortfolioChangeListener {
    /// The topic written (``AnalyticsInput/holdingsTopic``).
    public static let topic = AnalyticsInput.holdingsTopic

    private let producer: any RecordProducer
    private let logger: Logger
    private let failures: Counter

    /// Creates a publisher sending through `producer`.
    public init(producer: any RecordProducer, logger: Logger = Logger(label: "tickflow.holdings")) {
        self.producer = producer
        self.logger = logger
        failures = Counter(label: "tickflow_holdings_publish_failures_total")
    }

    public func portfolioChanged(_ portfolio: Portfolio) async {
        do {
            try await producer.send([try Self.record(portfolio, at: WallClock.nowNanos())])
        } catch {
            failures.increment()
            logger.error("holdings of portfolio \(portfolio.id) not published: \(error)")
        }
    }

    /// Publishes every portfolio of the ledger, a page at a time; returns how many.
    ///
    /// - Throws: ``ServingError`` when the ledger cannot be read, ``StreamError`` when a send fails.
    @discardableResult
    public func publishAll(from ledger: Ledger) async throws -> Int {
        var page = PageRequest(limit: PageRequest.maximumLimit)
        var count = 0
        let now = WallClock.nowNanos()
        while true {
            let portfolios = try await ledger.portfolios(viewer: .system, page: page)
            try await producer.send(try portfolios.items.map { try Self.record($0, at: now) })
            count += portfolios.items.count
            guard let cursor = portfolios.nextCursor else { return count }
            page = try PageRequest(limit: String(PageRequest.maximumLimit), cursor: cursor)
        }
    }

    /// The holdings record of a portfolio, effective at `time`.
    ///
    /// - Throws: a serialization error from the Model.
    public static func record(_ portfolio: Portfolio, at time: Int64) throws -> OutgoingRecord {
        let holdings = PortfolioHoldings(
            portfolioId: portfolio.id, baseCurrency: portfolio.currency,
            positions: portfolio.holdings.map { .init(instrumentId: $0.instrumentId, quantity: $0.quantity) },
            eventTimeNanos: time, ingestTimeNanos: time)
        return OutgoingRecord(topic: topic, key: Array(portfolio.id.utf8), value: try holdings.serializedBytes())
    }
}
