import Analytics
import Foundation
import Model
import Serving
import Testing

/// `/market-data/…` over a real socket: live views in memory, bar history in a real warehouse.
@Suite struct MarketDataAPITests {
    static let aapl = PriceWarehouse.id("AAPL")

    /// Views with an Apple quote, book, bars of minutes 8–12 and two anomalies; a warehouse with Apple's bars of
    /// minutes 0–9 (minute 3 stored twice, revision 1 with close 190.3), so the two overlap on minutes 8 and 9.
    static func market() async throws -> (MarketData, PriceWarehouse) {
        let warehouse = try PriceWarehouse()
        let history = (0..<10).map { minute in ("AAPL", 190 + Double(minute) / 100, Views.open + Int64(minute) * Views.minute + 1, UInt32(0)) }
        try warehouse.bars(.oneMinute, history + [("AAPL", 190.3, Views.open + 3 * Views.minute + 7, 1)])
        let views = InMemoryMarketViewStore()
        try await views.apply(
            [.quote(Views.quote(aapl, bid: 191.02, ask: 191.05, at: 12 * Views.minute)), .topOfBook(Views.book(aapl, bid: 191.03, ask: 191.04, at: 12 * Views.minute))]
                + (8...12).map { .bar(Views.bar(aapl, minute: Int64($0), close: 191 + Double($0) / 100)) }
                + [.anomaly(Views.anomaly(aapl, score: 0.91, at: 5)), .anomaly(Views.anomaly(Views.sie, score: 0.97, at: 6))])
        return (MarketData(views: views, history: WarehouseBarHistory(store: warehouse.store)), warehouse)
    }

    static func iso(minute: Int64) -> String { Timestamp.iso8601(Views.open + minute * Views.minute) }

    @Test func latestQuotesAndBooksByIdOrSymbolForOneOrMany() async throws {
        let (market, warehouse) = try await Self.market()
        defer { warehouse.remove() }
        try await withLiveServer(market: market) { server in
            let ada = try await server.register()
            let one = try await server.call(.GET, "/api/v1/market-data/quotes/AAPL", token: ada.token)
            #expect(one.status == 200)
            #expect(one.string("instrumentId") == Self.aapl)
            let quote = one["quote"] as? [String: Any] ?? [:]
            #expect(quote["bid"] as? Double == 191.02)
            #expect(quote["ask"] as? Double == 191.05)
            #expect(quote["eventTime"] as? String == Self.iso(minute: 12))
            let book = one["topOfBook"] as? [String: Any] ?? [:]
            #expect(book["bidVenue"] as? String == "XNAS")
            #expect(book["askVenue"] as? String == "BATS")

            let many = try await server.call(.GET, "/api/v1/market-data/quotes?instrumentIds=MSFT,\(Self.aapl),AAPL", token: ada.token)
            #expect(many.items.map { $0["instrumentId"] as? String } == [Self.aapl], "instruments without data are left out, duplicates once")

            let none = try await server.call(.GET, "/api/v1/market-data/quotes/MSFT", token: ada.token)
            #expect(none.status == 404)
            #expect(none.string("error") == "NOT_FOUND")
            let missing = try await server.call(.GET, "/api/v1/market-data/quotes", token: ada.token)
            #expect(missing.status == 400)
            #expect(missing.string("field") == "instrumentIds")
            let anonymous = try await server.call(.GET, "/api/v1/market-data/quotes/AAPL")
            #expect(anonymous.status == 401)
        }
    }

    @Test func barsComeFromTheViewsTheWarehouseOrBothAsTheRangeNeeds() async throws {
        let (market, warehouse) = try await Self.market()
        defer { warehouse.remove() }
        try await withLiveServer(market: market) { server in
            let ada = try await server.register()
            func bars(_ from: Int64, _ to: Int64, interval: String = "1m") async throws -> LiveLedgerServer.Answer {
                try await server.call(.GET, "/api/v1/market-data/bars/AAPL?interval=\(interval)&from=\(Self.iso(minute: from))&to=\(Self.iso(minute: to))", token: ada.token)
            }
            let recent = try await bars(9, 12)
            #expect(recent.string("source") == "views")
            #expect(recent.items.map { $0["close"] as? Double } == [191.09, 191.10, 191.11])
            #expect(recent.items.first?["windowStart"] as? String == Self.iso(minute: 9))
            #expect(recent.items.first?["windowEnd"] as? String == Self.iso(minute: 10))

            let all = try await bars(0, 12)
            #expect(all.string("source") == "warehouse+views")
            let closes = all.items.compactMap { $0["close"] as? Double }
            #expect(closes == [190.00, 190.01, 190.02, 190.3, 190.04, 190.05, 190.06, 190.07, 191.08, 191.09, 191.10, 191.11],
                    "minute 3 at its highest revision; from minute 8 on, the views")
            #expect(all.items[3]["revision"] as? Int == 1)

            let old = try await bars(1, 4)
            #expect(old.string("source") == "warehouse")
            #expect(old.items.compactMap { $0["close"] as? Double } == [190.01, 190.02, 190.3])

            let badInterval = try await bars(0, 1, interval: "7m")
            #expect(badInterval.status == 400)
            #expect(badInterval.string("field") == "interval")
            let reversed = try await bars(5, 1)
            #expect(reversed.status == 400)
            #expect(reversed.string("field") == "from")
        }
    }

    @Test func recentAnomaliesNewestFirstForAllOrOneInstrument() async throws {
        let (market, warehouse) = try await Self.market()
        defer { warehouse.remove() }
        try await withLiveServer(market: market) { server in
            let ada = try await server.register()
            let all = try await server.call(.GET, "/api/v1/market-data/anomalies", token: ada.token)
            #expect(all.items.compactMap { $0["score"] as? Double } == [0.97, 0.91])
            let apple = try await server.call(.GET, "/api/v1/market-data/anomalies?instrumentId=AAPL&limit=5", token: ada.token)
            #expect(apple.items.compactMap { $0["instrumentId"] as? String } == [Self.aapl])
            #expect((apple.items.first?["components"] as? [String: Double])?["return"] == 0.91)
            let tooMany = try await server.call(.GET, "/api/v1/market-data/anomalies?limit=0", token: ada.token)
            #expect(tooMany.status == 400)
            #expect(tooMany.string("field") == "limit")
        }
    }
}
