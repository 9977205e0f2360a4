import Foundation
import Model
import Serving
import Testing

/// Returns over a period and their attribution, against hand-computed figures.
@Suite struct PortfolioPerformanceTests {
    let stocks = StockCatalog.seeded

    func id(_ symbol: String) -> String { stocks.listing(symbol)!.instrument.id }

    func holdings(_ rows: [(String, Decimal)]) -> [Portfolio.Holding] {
        rows.map { Portfolio.Holding(instrumentId: id($0.0), quantity: $0.1, costBasis: 1) }
    }

    @Test func contributionsAreStartWeightTimesReturnAndAddUp() throws {
        // Start values 2000 + 2000 + 1000 = 5000 (weights 0.4, 0.4, 0.2); returns +10 %, −10 %, +20 %.
        let start = [id("AAPL"): PricePoint(price: 200, timeNanos: 1), id("JPM"): PricePoint(price: 100, timeNanos: 2), id("SAP"): PricePoint(price: 50, timeNanos: 3)]
        let end = [id("AAPL"): PricePoint(price: 220, timeNanos: 11), id("JPM"): PricePoint(price: 90, timeNanos: 12), id("SAP"): PricePoint(price: 60, timeNanos: 13)]
        let performance = try PortfolioPerformance(
            holdings: holdings([("AAPL", 10), ("JPM", 20), ("SAP", 20)]), stocks: stocks, fromNanos: 5, toNanos: 15,
            startPrices: start, endPrices: end)
        #expect(performance.startValue == 5000)
        #expect(performance.endValue == 5200)
        #expect(abs(performance.totalReturn - 0.04) < 1e-12)
        let weights = performance.positions.map(\.weight)
        let returns = performance.positions.map(\.holdingReturn)
        let contributions = performance.positions.map(\.contribution)
        for (actual, expected) in zip(weights, [0.4, 0.4, 0.2]) { #expect(abs(actual - expected) < 1e-12) }
        for (actual, expected) in zip(returns, [0.1, -0.1, 0.2]) { #expect(abs(actual - expected) < 1e-12) }
        for (actual, expected) in zip(contributions, [0.04, -0.04, 0.04]) { #expect(abs(actual - expected) < 1e-12) }

        let sectors = performance.attribution(by: \.sector)
        #expect(sectors.map(\.group) == ["Financials", "Information Technology"])
        #expect(sectors.map(\.startValue) == [2000, 3000])
        #expect(sectors.map(\.endValue) == [1800, 3400])
        #expect(abs(sectors[1].weight - 0.6) < 1e-12)
        #expect(abs(sectors[1].contribution - 0.08) < 1e-12)
        #expect(abs(sectors[1].groupReturn - 0.08 / 0.6) < 1e-12)
        #expect(abs(sectors[0].groupReturn - -0.1) < 1e-12)
        let regions = performance.attribution(by: \.region)
        #expect(regions.map(\.group) == ["Europe", "North America"])
        #expect(abs(regions[0].contribution - 0.04) < 1e-12)
        #expect(abs(regions[1].contribution) < 1e-12)
        let sum = regions.map(\.contribution).reduce(0, +)
        #expect(abs(sum - performance.totalReturn) < 1e-15)
    }

    @Test func aHoldingWithoutAStartPriceIsNamed() {
        let end = [id("AAPL"): PricePoint(price: 220, timeNanos: 11), id("NVS"): PricePoint(price: 90, timeNanos: 12)]
        let error = #expect(throws: ServingError.self) {
            try PortfolioPerformance(
                holdings: holdings([("AAPL", 1), ("NVS", 1)]), stocks: stocks, fromNanos: 5, toNanos: 15,
                startPrices: [id("AAPL"): PricePoint(price: 200, timeNanos: 1)], endPrices: end)
        }
        #expect(error?.code == .noPriceHistory)
        #expect(error?.field == "from")
        #expect(error?.message.contains("NVS (\(id("NVS")))") == true)
        #expect(error?.message.contains("AAPL") == false)
    }

    @Test func anEmptyPortfolioHasNoReturn() throws {
        let performance = try PortfolioPerformance(holdings: [], stocks: stocks, fromNanos: 5, toNanos: 15, startPrices: [:], endPrices: [:])
        #expect(performance.totalReturn == 0)
        #expect(performance.startValue == 0)
        #expect(performance.attribution(by: \.sector).isEmpty)
    }
}
