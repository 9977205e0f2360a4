import Foundation
import Model
import Serving
import Testing

/// Valuation, attribution and rebalancing against hand-computed figures.
@Suite struct PortfolioValuationTests {
    let stocks = StockCatalog.seeded

    @Test func contributionsAddUpToTheReturn() {
        let holdings = [
            Portfolio.Holding(instrumentId: "AAPL", quantity: 10, costBasis: 1500),  // → 1892.50 (IT, North America)
            Portfolio.Holding(instrumentId: "JPM", quantity: 5, costBasis: 1100),  // → 992.00 (Financials)
            Portfolio.Holding(instrumentId: "NVS", quantity: 20, costBasis: 2000),  // → 1973.00 (Health Care, Europe)
        ].map { Portfolio.Holding(instrumentId: stocks.listing($0.instrumentId)!.instrument.id, quantity: $0.quantity, costBasis: $0.costBasis) }
        let valuation = PortfolioValuation(holdings: holdings, stocks: stocks) { _ in nil }
        #expect(valuation.totalCost == 4600)
        #expect(valuation.totalValue == dec("4857.50"))
        let expectedReturn = 257.5 / 4600
        #expect(abs(valuation.totalReturn - expectedReturn) < 1e-15)
        let sectors = valuation.attribution(by: \.sector)
        #expect(sectors.map(\.group) == ["Financials", "Health Care", "Information Technology"])
        let financials = sectors[0]
        #expect(abs(financials.groupReturn - (-108.0 / 1100)) < 1e-15)
        #expect(abs(financials.contribution - (-108.0 / 4600)) < 1e-15)
        let sum = sectors.map(\.contribution).reduce(0, +)
        #expect(abs(sum - expectedReturn) < 1e-15)
        let regions = valuation.attribution(by: \.region)
        #expect(regions.map(\.group) == ["Europe", "North America"])
        let weights = regions.map(\.weight).reduce(0, +)
        #expect(abs(weights - 1) < 1e-15)
    }

    @Test func rebalanceRefusesWeightsOverOne() {
        let valuation = PortfolioValuation(holdings: [], stocks: stocks) { _ in nil }
        let error = #expect(throws: ServingError.self) {
            try valuation.rebalance(to: ["AAPL": dec("0.6"), "MSFT": dec("0.5")], stocks: stocks) { _ in nil }
        }
        #expect(error?.field == "targets")
    }
}
