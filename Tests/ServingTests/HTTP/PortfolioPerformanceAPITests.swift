import Foundation
import Model
import Serving
import Testing

/// `GET /portfolios/{id}/performance?from&to` over HTTP, priced from a real warehouse with known trades and bars.
@Suite struct PortfolioPerformanceAPITests {
    static let day = Timestamp.nanosPerDay
    /// The period: 18 days ending at midnight two days ago.
    static let to = Timestamp.floor(Timestamp.now(), toMultipleOf: day) - 2 * day
    static let from = to - 18 * day

    /// AAPL 200 → 220, JPM 100 → 90, SAP 50 → 60, each price the last at or before the period's ends, found in
    /// different tables and lookback windows; the prices just outside the period must not count.
    static func warehouse() throws -> PriceWarehouse {
        let warehouse = try PriceWarehouse()
        let (from, to) = (Self.from, Self.to)
        try warehouse.trades([
            ("AAPL", 200, from), ("AAPL", 999, from + 1), ("AAPL", 500, to + 1),
            ("SAP", 50, from - 3 * day), ("SAP", 60, to - 10 * day),
        ])
        try warehouse.bars(.oneMinute, [("AAPL", 220, to - 30 * Timestamp.nanosPerSecond, 0)])
        try warehouse.bars(.oneHour, [("JPM", 95, to - 2 * day, 0), ("JPM", 90, to - 2 * day, 1)])
        try warehouse.bars(.oneDay, [("AAPL", 150, from - 60 * day, 0), ("AAPL", 190, from - Timestamp.nanosPerHour, 0), ("JPM", 100, from - 40 * day, 0)])
        return warehouse
    }

    static func query(_ from: Int64, _ to: Int64) -> String { "?from=\(Timestamp.iso8601(from))&to=\(Timestamp.iso8601(to))" }

    @Test(arguments: StoreKind.allCases)
    func returnsAndAttributionOverThePeriod(_ kind: StoreKind) async throws {
        let warehouse = try Self.warehouse()
        defer { warehouse.remove() }
        try await withLiveServer(kind, priceHistory: warehouse.history) { server in
            let ada = try await server.register()
            let created = try await server.call(.POST, "/api/v1/portfolios", token: ada.token, body: [
                "name": "Core",
                "holdings": [
                    ["stockId": "AAPL", "quantity": "10", "costBasis": "1500"],
                    ["stockId": "JPM", "quantity": "20", "costBasis": "2500"],
                    ["stockId": "SAP", "quantity": "20", "costBasis": "900"],
                ],
            ])
            let id = try #require(created.string("id"))
            let answer = try await server.call(.GET, "/api/v1/portfolios/\(id)/performance\(Self.query(Self.from, Self.to))", token: ada.token)
            #expect(answer.status == 200)
            #expect(answer.string("from") == Timestamp.iso8601(Self.from))
            #expect(answer.string("to") == Timestamp.iso8601(Self.to))
            // Start 10 × 200 + 20 × 100 + 20 × 50 = 5000, end 10 × 220 + 20 × 90 + 20 × 60 = 5200.
            #expect(answer.string("startValue") == "5000.00")
            #expect(answer.string("endValue") == "5200.00")
            #expect(answer.string("profitLoss") == "200.00")
            let total = try #require(answer["return"] as? Double)
            #expect(abs(total - 0.04) < 1e-12)

            let holdings = answer["holdings"] as? [[String: Any]] ?? []
            let symbols = holdings.compactMap { $0["symbol"] as? String }
            #expect(symbols == ["AAPL", "JPM", "SAP"])
            let startPrices = holdings.compactMap { $0["startPrice"] as? String }
            let endPrices = holdings.compactMap { $0["endPrice"] as? String }
            #expect(startPrices == ["200", "100", "50"])
            #expect(endPrices == ["220", "90", "60"])
            let startTimes = holdings.compactMap { $0["startPriceTime"] as? String }
            #expect(startTimes == [Self.from, Self.from - 40 * Self.day, Self.from - 3 * Self.day].map(Timestamp.iso8601))
            // Weights 0.4, 0.4, 0.2; returns +10 %, −10 %, +20 %; contributions weight × return.
            let expected: [(weight: Double, return: Double, contribution: Double)] = [(0.4, 0.1, 0.04), (0.4, -0.1, -0.04), (0.2, 0.2, 0.04)]
            for (holding, want) in zip(holdings, expected) {
                let weight = holding["weight"] as? Double ?? .nan
                let holdingReturn = holding["return"] as? Double ?? .nan
                let contribution = holding["contribution"] as? Double ?? .nan
                #expect(abs(weight - want.weight) < 1e-12)
                #expect(abs(holdingReturn - want.return) < 1e-12)
                #expect(abs(contribution - want.contribution) < 1e-12)
            }

            // By sector: Financials 0.4 × −10 % = −0.04; Information Technology 0.4 × 10 % + 0.2 × 20 % = 0.08.
            let sectors = answer["bySector"] as? [[String: Any]] ?? []
            #expect(sectors.compactMap { $0["group"] as? String } == ["Financials", "Information Technology"])
            #expect(sectors.compactMap { $0["startValue"] as? String } == ["2000.00", "3000.00"])
            #expect(sectors.compactMap { $0["endValue"] as? String } == ["1800.00", "3400.00"])
            let sectorContributions = sectors.compactMap { $0["contribution"] as? Double }
            let sectorReturns = sectors.compactMap { $0["return"] as? Double }
            #expect(abs(sectorContributions[0] - -0.04) < 1e-12)
            #expect(abs(sectorContributions[1] - 0.08) < 1e-12)
            #expect(abs(sectorReturns[1] - 0.08 / 0.6) < 1e-12)
            // By region: Europe (SAP) 0.2 × 20 % = 0.04; North America 0.04 − 0.04 = 0.
            let regions = answer["byRegion"] as? [[String: Any]] ?? []
            #expect(regions.compactMap { $0["group"] as? String } == ["Europe", "North America"])
            let regionContributions = regions.compactMap { $0["contribution"] as? Double }
            let regionWeights = regions.compactMap { $0["weight"] as? Double }
            #expect(abs(regionContributions[0] - 0.04) < 1e-12)
            #expect(abs(regionContributions[1]) < 1e-12)
            #expect(abs(regionWeights[1] - 0.8) < 1e-12)
            #expect(abs(regionContributions.reduce(0, +) - total) < 1e-15)
        }
    }

    @Test func defaultsAndRefusals() async throws {
        let warehouse = try Self.warehouse()
        defer { warehouse.remove() }
        try await withLiveServer(priceHistory: warehouse.history) { server in
            let ada = try await server.register()
            let created = try await server.call(.POST, "/api/v1/portfolios", token: ada.token, body: [
                "name": "Apple", "holdings": [["stockId": "AAPL", "quantity": "3", "costBasis": "450"]],
            ])
            let id = try #require(created.string("id"))
            let path = "/api/v1/portfolios/\(id)/performance"

            // Defaults: to = now, from = 30 days before; AAPL's prices then are the old bar (150) and the last trade (500).
            let before = Timestamp.now()
            let defaults = try await server.call(.GET, path, token: ada.token)
            let after = Timestamp.now()
            #expect(defaults.status == 200)
            let to = try Timestamp.parseISO8601(try #require(defaults.string("to")))
            let from = try Timestamp.parseISO8601(try #require(defaults.string("from")))
            #expect(before <= to && to <= after)
            #expect(to - from == 30 * Self.day)
            #expect(defaults.string("startValue") == "450.00")
            #expect(defaults.string("endValue") == "1500.00")
            let total = defaults["return"] as? Double ?? .nan
            #expect(abs(total - (500.0 / 150 - 1)) < 1e-12)

            // Before any history of AAPL: 422 naming it and the field.
            let early = try await server.call(.GET, path + Self.query(Self.from - 100 * Self.day, Self.to), token: ada.token)
            #expect(early.status == 422)
            #expect(early.string("error") == "NO_PRICE_HISTORY")
            #expect(early.string("field") == "from")
            #expect(early.string("message")?.contains("AAPL (\(PriceWarehouse.id("AAPL")))") == true)

            // A holding the warehouse has never seen: 422 naming it, not the others.
            let mixed = try await server.call(.POST, "/api/v1/portfolios", token: ada.token, body: [
                "name": "Mixed",
                "holdings": [["stockId": "AAPL", "quantity": "1", "costBasis": "150"], ["stockId": "NVS", "quantity": "1", "costBasis": "90"]],
            ])
            let mixedId = try #require(mixed.string("id"))
            let unpriced = try await server.call(.GET, "/api/v1/portfolios/\(mixedId)/performance\(Self.query(Self.from, Self.to))", token: ada.token)
            #expect(unpriced.status == 422)
            let message = unpriced.string("message") ?? ""
            #expect(message.contains("NVS"))
            #expect(!message.contains("AAPL"))

            // Invalid ranges: 400 naming the field.
            let cases: [(String, String)] = [
                ("?from=yesterday", "from"), ("?to=2026-13-01T00:00:00Z", "to"),
                (Self.query(Self.to, Self.from), "from"), (Self.query(Self.to, Self.to), "from"),
            ]
            for (query, field) in cases {
                let refused = try await server.call(.GET, path + query, token: ada.token)
                #expect(refused.status == 400, "\(query)")
                #expect(refused.string("error") == "VALIDATION_ERROR")
                #expect(refused.string("field") == field, "\(query)")
            }
        }
    }

    @Test func aServerWithoutPriceHistorySaysSo() async throws {
        try await withLiveServer { server in
            let ada = try await server.register()
            let id = try #require(try await server.call(.POST, "/api/v1/portfolios", token: ada.token, body: ["name": "Empty"]).string("id"))
            let answer = try await server.call(.GET, "/api/v1/portfolios/\(id)/performance", token: ada.token)
            #expect(answer.status == 422)
            #expect(answer.string("error") == "NO_PRICE_HISTORY")
            #expect(answer.string("message")?.contains("--warehouse") == true)
        }
    }
}
