import Foundation
import Model

/// The warehouse's tables and how Model values become their rows.
public enum Tables {
    public static let tradeRows = RowEncoder<Trade>([
        .timestamp("event_time") { $0.eventTimeNanos }, .timestamp("ingest_time") { $0.ingestTimeNanos },
        .string("instrument_id") { $0.instrumentId }, .string("symbol") { $0.symbol }, .string("venue") { $0.venue },
        .double("price") { $0.price }, .double("quantity") { $0.quantity }, .string("currency") { $0.currency },
        .string("aggressor_side") { $0.aggressorSide.rawValue }, .string("trade_id") { $0.tradeId.isEmpty ? nil : $0.tradeId },
        .int64("sequence") { Int64(bitPattern: $0.sequence) },
    ])
    public static let quoteRows = RowEncoder<Quote>([
        .timestamp("event_time") { $0.eventTimeNanos }, .timestamp("ingest_time") { $0.ingestTimeNanos },
        .string("instrument_id") { $0.instrumentId }, .string("symbol") { $0.symbol }, .string("venue") { $0.venue },
        .double("bid_price") { $0.bidPrice }, .double("bid_size") { $0.bidSize },
        .double("ask_price") { $0.askPrice }, .double("ask_size") { $0.askSize },
        .string("currency") { $0.currency }, .int64("sequence") { Int64(bitPattern: $0.sequence) },
    ])
    public static let barRows = RowEncoder<Bar>([
        .timestamp("event_time") { $0.eventTimeNanos }, .timestamp("ingest_time") { $0.ingestTimeNanos },
        .string("instrument_id") { $0.instrumentId }, .string("symbol") { $0.symbol },
        .string("interval") { $0.interval.rawValue },
        .timestamp("window_start") { $0.windowStartNanos }, .timestamp("window_end") { $0.windowEndNanos },
        .double("open") { $0.open }, .double("high") { $0.high }, .double("low") { $0.low }, .double("close") { $0.close },
        .double("volume") { $0.volume }, .double("vwap") { $0.vwap }, .int64("trade_count") { Int64(bitPattern: $0.tradeCount) },
        .string("currency") { $0.currency }, .double("notional_base") { $0.notionalBase },
        .string("base_currency") { $0.baseCurrency }, .int64("revision") { Int64($0.revision) },
    ])
    public static let fxRateRows = RowEncoder<FXRate>([
        .timestamp("event_time") { $0.eventTimeNanos }, .timestamp("ingest_time") { $0.ingestTimeNanos },
        .string("pair") { $0.pair }, .string("base_currency") { $0.baseCurrency }, .string("quote_currency") { $0.quoteCurrency },
        .double("rate") { $0.rate }, .double("bid") { $0.bid }, .double("ask") { $0.ask }, .string("source") { $0.source },
    ])
    public static let topOfBookRows = RowEncoder<TopOfBook>([
        .timestamp("event_time") { $0.eventTimeNanos }, .timestamp("ingest_time") { $0.ingestTimeNanos },
        .string("instrument_id") { $0.instrumentId }, .string("symbol") { $0.symbol },
        .double("bid_price") { $0.bidPrice }, .double("bid_size") { $0.bidSize }, .string("bid_venue") { $0.bidVenue },
        .double("ask_price") { $0.askPrice }, .double("ask_size") { $0.askSize }, .string("ask_venue") { $0.askVenue },
        .double("spread") { $0.spread }, .double("mid") { $0.mid }, .string("currency") { $0.currency },
    ])
    public static let riskMetricRows = RowEncoder<RiskMetric>([
        .timestamp("event_time") { $0.eventTimeNanos }, .timestamp("ingest_time") { $0.ingestTimeNanos },
        .string("portfolio_id") { $0.portfolioId }, .string("instrument_id") { $0.instrumentId.isEmpty ? nil : $0.instrumentId },
        .string("kind") { $0.kind.rawValue }, .string("method") { $0.method.rawValue },
        .double("confidence") { $0.confidence }, .int64("horizon_days") { Int64($0.horizonDays) },
        .double("value") { $0.value }, .string("currency") { $0.currency },
    ])
    public static let anomalyRows = RowEncoder<Anomaly>([
        .timestamp("event_time") { $0.eventTimeNanos }, .timestamp("ingest_time") { $0.ingestTimeNanos },
        .string("instrument_id") { $0.instrumentId }, .string("symbol") { $0.symbol },
        .double("score") { $0.score }, .double("threshold") { $0.threshold }, .bool("flagged") { $0.isFlagged },
        .string("detector") { $0.detector }, .string("description") { $0.description },
        .string("components") { a in a.components.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";") },
    ])
    public static let newsRows = RowEncoder<NewsItem>([
        .timestamp("event_time") { $0.eventTimeNanos }, .timestamp("ingest_time") { $0.ingestTimeNanos },
        .string("id") { $0.id }, .string("headline") { $0.headline }, .string("body") { $0.body },
        .string("tickers") { $0.tickers.joined(separator: ",") }, .string("source") { $0.source },
        .string("url") { $0.url }, .double("sentiment") { $0.sentiment },
    ])
    public static let clientFlowRows = RowEncoder<ClientFlow>([
        .timestamp("event_time") { $0.eventTimeNanos }, .timestamp("ingest_time") { $0.ingestTimeNanos },
        .string("id") { $0.id }, .string("client_id") { $0.clientId }, .string("portfolio_id") { $0.portfolioId },
        .string("kind") { $0.kind.rawValue }, .decimal("amount", precision: 20, scale: 8) { $0.amount.amount },
        .string("currency") { $0.amount.currency },
    ])
    public static let instrumentRows = RowEncoder<Instrument>([
        .timestamp("event_time") { $0.eventTimeNanos }, .timestamp("ingest_time") { $0.ingestTimeNanos },
        .string("instrument_id") { $0.id }, .string("symbol") { $0.symbol }, .string("name") { $0.name },
        .string("asset_class") { $0.assetClass.rawValue }, .string("currency") { $0.currency },
        .string("sector") { $0.sector }, .string("region") { $0.region }, .string("venue") { $0.venue },
        .double("lot_size") { $0.lotSize }, .double("tick_size") { $0.tickSize }, .bool("is_option") { $0.isOption },
    ])
    public static let orderRows = RowEncoder<OrderRecord>([
        .timestamp("event_time") { $0.eventTimeNanos }, .timestamp("ingest_time") { $0.ingestTimeNanos },
        .uuid("order_id") { $0.orderId }, .string("portfolio_id") { $0.portfolioId },
        .string("instrument_id") { $0.instrumentId }, .string("symbol") { $0.symbol },
        .string("side") { $0.side }, .string("order_type") { $0.orderType },
        .decimal("quantity", precision: 20, scale: 8) { $0.quantity },
        .decimal("limit_price", precision: 20, scale: 8) { $0.limitPrice },
        .string("status") { $0.status }, .string("currency") { $0.currency }, .timestamp("created_time") { $0.createdTimeNanos },
    ])
    public static let fillRows = RowEncoder<FillRecord>([
        .timestamp("event_time") { $0.eventTimeNanos }, .timestamp("ingest_time") { $0.ingestTimeNanos },
        .uuid("fill_id") { $0.fillId }, .uuid("order_id") { $0.orderId }, .string("portfolio_id") { $0.portfolioId },
        .string("instrument_id") { $0.instrumentId }, .string("symbol") { $0.symbol }, .string("side") { $0.side },
        .decimal("quantity", precision: 20, scale: 8) { $0.quantity }, .decimal("price", precision: 20, scale: 8) { $0.price },
        .decimal("notional", precision: 20, scale: 2) { $0.notional }, .decimal("fee", precision: 20, scale: 2) { $0.fee },
        .string("currency") { $0.currency },
    ])

    public static let trades = TableDefinition(name: "trades", schema: tradeRows.schema)
    public static let quotes = TableDefinition(name: "quotes", schema: quoteRows.schema)
    public static let fxRates = TableDefinition(name: "fx_rates", schema: fxRateRows.schema, instrumentColumn: nil, symbolColumn: "pair")
    public static let topOfBook = TableDefinition(name: "top_of_book", schema: topOfBookRows.schema)
    public static let riskMetrics = TableDefinition(name: "risk_metrics", schema: riskMetricRows.schema, symbolColumn: nil)
    public static let anomalies = TableDefinition(name: "anomalies", schema: anomalyRows.schema)
    public static let news = TableDefinition(name: "news", schema: newsRows.schema, instrumentColumn: nil, symbolColumn: nil)
    public static let clientFlows = TableDefinition(name: "client_flows", schema: clientFlowRows.schema, instrumentColumn: nil, symbolColumn: nil)
    public static let instruments = TableDefinition(name: "instruments", schema: instrumentRows.schema)
    public static let orders = TableDefinition(name: "orders", schema: orderRows.schema)
    public static let fills = TableDefinition(name: "fills", schema: fillRows.schema)

    /// The bars table of one interval, `bars_1m` etc.
    public static func bars(_ interval: BarInterval) -> TableDefinition {
        TableDefinition(name: "bars_\(interval.rawValue)", schema: barRows.schema)
    }

    /// Every table.
    public static var all: [TableDefinition] {
        [trades, quotes, fxRates, topOfBook, riskMetrics, anomalies, news, clientFlows, instruments, orders, fills]
            + BarInterval.allCases.map(bars)
    }

    /// The table with that name.
    ///
    /// - Throws: ``WarehouseError`` (`.invalidArgument`) listing the tables when there is none.
    public static func named(_ name: String) throws -> TableDefinition {
        guard let table = all.first(where: { $0.name == name }) else {
            throw WarehouseError(.invalidArgument, "no table \(name); tables are \(all.map(\.name).joined(separator: ", "))")
        }
        return table
    }
}
