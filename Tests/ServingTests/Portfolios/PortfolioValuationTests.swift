import Foundation
import Model
import Serving
import Testing

/// Valuation and rebalancing against hand-computed figures.
@Suite struct PortfolioValuationTests {
    let stocks = StockCatalog.seeded

    @Test func holdingsAreValuedAtTheirMarks() {
        let holdings = [
            Portfolio.Holding(instrumentId: "AAPL", quantity: 10, costBasis: 1500),  // → 1892.50 (IT, North America)
            Portfolio.Holding(instrumentId: "JPM", quantity: 5, costBasis: 1100),  // → 992.00 (Financials)
            Portfolio.Holding(instrumentId: "NVS", quantity: 20, costBasis: 2000),  // → 1973.00 (Health Care, Europe)
        ].map { Portfolio.Holding(instrumentId: stocks.listing($0.instrumentId)!.instrument.id, quantity: $0.quantity, costBasis: $0.costBasis) }
        let valuation = PortfolioValuation(holdings: holdings, stocks: stocks) { _ in nil }
        #expect(valuation.totalCost == 4600)
        #expect(valuation.totalValue == dec("4857.50"))
        #expect(valuation.positions.map(\.sector) == ["Information Technology", "Financials", "Health Care"])
        #expect(valuation.positions.map(\.region) == ["North America", "North America", "Europe"])
        let marked = PortfolioValuation(holdings: holdings, stocks: stocks) { $0 == holdings[0].instrumentId ? dec("200.015") : nil }
        #expect(marked.positions[0].marketValue == dec("2000.15"))
    }

    @Test func rebalanceRefusesWeightsOverOne() {
        let valuation = PortfolioValuation(holdings: [], stocks: stocks) { _ in nil }
        let error = #expect(throws: ServingError.self) {
            try valuation.rebalance(to: ["AAPL": dec("0.6"), "MSFT": dec("0.5")], stocks: stocks) { _ in nil }
        }
        #expect(error?.field == "targets")
    }
}
