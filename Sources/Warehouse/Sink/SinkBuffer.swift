import Model
import Stream

/// Rows waiting for the next warehouse commit, by table, decoded from the topics of the contract.
struct SinkBuffer {
    private var trades: [Trade] = []
    private var quotes: [Quote] = []
    private var bars: [BarInterval: [Bar]] = [:]
    private var fxRates: [FXRate] = []
    private var topOfBook: [TopOfBook] = []
    private var riskMetrics: [RiskMetric] = []
    private var anomalies: [Anomaly] = []
    private var news: [NewsItem] = []
    private var clientFlows: [ClientFlow] = []
    private var instruments: [Instrument] = []
    private(set) var count = 0

    /// The topics the sink stores, and their tables.
    static let topics: [String] = [
        "market-data.equities.us", "market-data.bonds.global", "market-data.derivatives.us", "market-data.fx",
        "market-data.top-of-book", "analytics.risk", "analytics.anomalies", "news.raw", "client-flows.inbound",
        "reference.instruments",
    ] + BarInterval.allCases.map(\.topic)

    /// Decodes a record by its topic and buffers it.
    ///
    /// - Throws: the Model decoding error for a malformed value; ``WarehouseError`` for a topic without a table.
    mutating func append(_ record: IncomingRecord) throws {
        let bytes = record.value
        switch record.topic {
        case "market-data.equities.us", "market-data.bonds.global", "market-data.derivatives.us":
            switch try MarketEvent(serializedBytes: bytes) {
            case .trade(let trade): trades.append(trade)
            case .quote(let quote): quotes.append(quote)
            }
        case "market-data.fx": fxRates.append(try FXRate(serializedBytes: bytes))
        case "market-data.top-of-book": topOfBook.append(try TopOfBook(serializedBytes: bytes))
        case "analytics.risk": riskMetrics.append(try RiskMetric(serializedBytes: bytes))
        case "analytics.anomalies": anomalies.append(try Anomaly(serializedBytes: bytes))
        case "news.raw": news.append(try NewsItem(serializedBytes: bytes))
        case "client-flows.inbound": clientFlows.append(try ClientFlow(serializedBytes: bytes))
        case "reference.instruments": instruments.append(try Instrument(serializedBytes: bytes))
        default:
            guard let interval = BarInterval.allCases.first(where: { $0.topic == record.topic }) else {
                throw WarehouseError(.invalidArgument, "topic \(record.topic) has no warehouse table")
            }
            let bar = try Bar(serializedBytes: bytes)
            guard bar.interval == interval else {
                throw WarehouseError(.schemaMismatch, "a \(bar.interval.rawValue) bar on \(record.topic)")
            }
            bars[interval, default: []].append(bar)
        }
        count += 1
    }

    /// The buffered rows as batches per table.
    func batches() throws -> [(TableDefinition, RecordBatch)] {
        var out: [(TableDefinition, RecordBatch)] = []
        func add<Row>(_ rows: [Row], _ encoder: RowEncoder<Row>, _ table: TableDefinition) throws {
            if !rows.isEmpty { out.append((table, try encoder.encode(rows))) }
        }
        try add(trades, Tables.tradeRows, Tables.trades)
        try add(quotes, Tables.quoteRows, Tables.quotes)
        for (interval, rows) in bars.sorted(by: { $0.key.nanos < $1.key.nanos }) { try add(rows, Tables.barRows, Tables.bars(interval)) }
        try add(fxRates, Tables.fxRateRows, Tables.fxRates)
        try add(topOfBook, Tables.topOfBookRows, Tables.topOfBook)
        try add(riskMetrics, Tables.riskMetricRows, Tables.riskMetrics)
        try add(anomalies, Tables.anomalyRows, Tables.anomalies)
        try add(news, Tables.newsRows, Tables.news)
        try add(clientFlows, Tables.clientFlowRows, Tables.clientFlows)
        try add(instruments, Tables.instrumentRows, Tables.instruments)
        return out
    }
}
