import Foundation
import Hummingbird
import Model

/// `/market-data/…`: latest quotes and tops of book, bars over a range, recent anomalies. Any authenticated
/// caller may read them. Instruments are named by id or by symbol.
struct MarketController {
    let api: LedgerAPI
    /// Most instruments in one quotes request.
    static let maxInstruments = 200
    /// Default and largest number of anomalies returned.
    static let defaultAnomalies = 50, maxAnomalies = 1_000
    /// Most bars in one answer.
    static let maxBars = 10_000

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("market-data/quotes") { request, _ in
            _ = try await api.authenticate(request)
            let ids = Self.list(request.query("instrumentIds")).map(resolve)
            guard !ids.isEmpty else {
                throw ServingError(.validation, field: "instrumentIds", "instrumentIds is required: ids or symbols, comma-separated")
            }
            guard ids.count <= Self.maxInstruments else {
                throw ServingError(.validation, field: "instrumentIds", "at most \(Self.maxInstruments) instruments per request, got \(ids.count)")
            }
            return try JSONResponse.make(ItemsJSON(items: try await snapshots(ids)))
        }
        group.get("market-data/quotes/:instrumentId") { request, context in
            _ = try await api.authenticate(request)
            let id = resolve(try LedgerAPI.parameter("instrumentId", context))
            guard let snapshot = try await snapshots([id]).first else {
                throw ServingError(.notFound, "no quote or top of book for instrument \(id) yet")
            }
            return try JSONResponse.make(snapshot)
        }
        group.get("market-data/bars/:instrumentId") { request, context in
            _ = try await api.authenticate(request)
            let id = resolve(try LedgerAPI.parameter("instrumentId", context))
            let name = request.query("interval") ?? BarInterval.oneMinute.rawValue
            guard let interval = BarInterval(rawValue: name) else {
                throw ServingError(.validation, field: "interval", "interval must be one of \(BarInterval.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let period = try PerformancePeriod(from: request.query("from"), to: request.query("to"), defaultLength: Timestamp.nanosPerDay)
            let (bars, source) = try await api.market.bars(id, interval: interval, fromNanos: period.fromNanos, toNanos: period.toNanos)
            guard bars.count <= Self.maxBars else {
                throw ServingError(.validation, field: "from", "the range holds \(bars.count) \(interval.rawValue) bars, more than \(Self.maxBars): narrow it")
            }
            return try JSONResponse.make(BarsJSON(
                instrumentId: id, interval: interval.rawValue, from: Timestamp.iso8601(period.fromNanos), to: Timestamp.iso8601(period.toNanos),
                source: source, items: bars.map(BarJSON.init)))
        }
        group.get("market-data/stream") { request, _ in
            try LiveEventStream.response(api.live.subscribe(try await liveFilter(request)))
        }
        // A WebSocket upgrade is answered by the server's WebSocket router (``LiveSocket``); a request that reaches
        // this one was not an upgrade, or was refused one: say why, as any other endpoint would.
        group.get("market-data/ws") { request, _ -> Response in
            _ = try await liveFilter(request)
            throw HTTPError(.init(code: 426, reasonPhrase: "Upgrade Required"), message: "GET /market-data/ws is a WebSocket: send Upgrade: websocket")
        }
        group.get("market-data/anomalies") { request, _ in
            _ = try await api.authenticate(request)
            let limit = try Self.limit(request.query("limit"))
            let anomalies = try await api.market.views.anomalies(instrumentId: request.query("instrumentId").map(resolve), limit: limit)
            return try JSONResponse.make(ItemsJSON(items: anomalies.map(AnomalyJSON.init)))
        }
    }

    /// What a live stream follows: the instruments (ids or symbols) and the caller's visible portfolios named in
    /// the query.
    ///
    /// - Throws: ``ServingError`` `unauthorized` without a valid token, `notFound` for a portfolio the caller may
    ///   not see, `validation` when nothing is named.
    func liveFilter(_ request: Request) async throws(ServingError) -> LiveUpdates.Filter {
        let viewer = try await api.authenticate(request)
        let instruments = Set(Self.list(request.query("instrumentIds")).map(resolve))
        var portfolios = Set<String>()
        for id in Self.list(request.query("portfolioIds")) {
            portfolios.insert(try await api.ledger.portfolio(id: id, viewer: viewer).id)
        }
        guard !instruments.isEmpty || !portfolios.isEmpty else {
            throw ServingError(.validation, field: "instrumentIds", "name instrumentIds or portfolioIds to follow")
        }
        return LiveUpdates.Filter(instrumentIds: instruments, portfolioIds: portfolios)
    }

    /// An instrument id from an id or a symbol the stock catalogue knows; anything else is taken as an id.
    private func resolve(_ idOrSymbol: String) -> String {
        api.ledger.stocks.listing(idOrSymbol)?.instrument.id ?? idOrSymbol
    }

    private func snapshots(_ ids: [String]) async throws(ServingError) -> [MarketSnapshotJSON] {
        let latest = try await api.market.views.quotesAndTopsOfBook(ids)
        let quotes = Dictionary(latest.quotes.map { ($0.instrumentId, $0) }) { _, last in last }
        let books = Dictionary(latest.topsOfBook.map { ($0.instrumentId, $0) }) { _, last in last }
        var seen = Set<String>()
        return ids.compactMap { id in
            guard seen.insert(id).inserted, quotes[id] != nil || books[id] != nil else { return nil }
            return MarketSnapshotJSON(instrumentId: id, quote: quotes[id].map(QuoteJSON.init), topOfBook: books[id].map(TopOfBookJSON.init))
        }
    }

    /// A comma-separated query list.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func limit(_ text: String?) throws(ServingError) -> Int {
        guard let text else { return defaultAnomalies }
        guard let limit = Int(text), (1...maxAnomalies).contains(limit) else {
            throw ServingError(.validation, field: "limit", "limit must be an integer from 1 to \(maxAnomalies)")
        }
        return limit
    }
}
