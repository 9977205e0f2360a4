import Model
import Testing
@testable import Analytics

@Suite struct StressTestTests {
    static func instrument(_ symbol: String, _ assetClass: AssetClass, currency: String, sector: String = "", region: String) -> Instrument {
        Instrument(
            id: "id-\(symbol)", symbol: symbol, name: symbol, assetClass: assetClass, currency: currency, sector: sector,
            region: region, venue: "", lotSize: 1, tickSize: 0.01, eventTimeNanos: 0, ingestTimeNanos: 0)
    }

    /// A USD-based book: a US tech share, a German share, a 10-year Treasury (D = 8.5), an option on the US
    /// share (delta exposure 400k, gamma 1M, vega 50k at 25 % vol) and EUR cash.
    static let holdings = [
        StressHolding(instrument: instrument("AAPL", .equity, currency: "USD", sector: "Information Technology", region: "North America"), marketValue: 1_000_000),
        StressHolding(instrument: instrument("SAP", .equity, currency: "EUR", sector: "Information Technology", region: "Europe"), marketValue: 500_000),
        StressHolding(instrument: instrument("US10Y", .bond, currency: "USD", region: "North America"), marketValue: 2_000_000, modifiedDuration: 8.5),
        StressHolding(
            instrument: instrument("AAPL C200", .derivative, currency: "USD", region: "North America"), marketValue: 60_000,
            equityExposure: 400_000, equityGamma: 1_000_000, vega: 50_000, impliedVolatility: 0.25),
        StressHolding(instrument: instrument("EURUSD", .fx, currency: "EUR", region: "Europe"), marketValue: 300_000),
    ]

    @Test func standardScenariosGiveTheirClosedFormPnL() {
        let results = StressTest.run(holdings: Self.holdings, baseCurrency: "USD")
        let byName = Dictionary(uniqueKeysWithValues: results.map { ($0.scenario, $0) })
        // Equities −20 %: −200k − 100k + option (−80k + ½·1M·0.04 = −60k).
        #expect(close(byName["equities -20%"]?.pnl ?? 0, -360_000, relative: 1e-12))
        // Rates +100 bp: −8.5 · 2M · 0.01.
        #expect(close(byName["rates +100bp"]?.pnl ?? 0, -170_000, relative: 1e-12))
        // FX ±10 % on the EUR share and EUR cash.
        #expect(close(byName["fx +10%"]?.pnl ?? 0, 80_000, relative: 1e-12))
        #expect(close(byName["fx -10%"]?.pnl ?? 0, -80_000, relative: 1e-12))
        // Volatility ×2: vega 50k × 0.25.
        #expect(close(byName["volatility x2"]?.pnl ?? 0, 12_500, relative: 1e-12))
        let equity = byName["equities -20%"]?.holdingPnL ?? []
        #expect(equity.count == 5)
        #expect(equity[2] == 0 && equity[4] == 0)
    }

    @Test func customShocksSelectBySectorRegionAndAssetClass() {
        let tech = StressScenario(
            name: "tech -30%", shocks: [.custom(filter: StressFilter(sector: "Information Technology"), relativeChange: -0.3)])
        #expect(close(StressTest.run(tech, holdings: Self.holdings, baseCurrency: "USD").pnl, -450_000, relative: 1e-12))
        let europeEquity = StressScenario(
            name: "EU equity -10%", shocks: [.custom(filter: StressFilter(assetClass: .equity, region: "Europe"), relativeChange: -0.1)])
        #expect(close(StressTest.run(europeEquity, holdings: Self.holdings, baseCurrency: "USD").pnl, -50_000, relative: 1e-12))
        let combined = StressScenario(name: "stagflation", shocks: [.equity(relativeChange: -0.2), .rates(basisPoints: 100)])
        #expect(close(StressTest.run(combined, holdings: Self.holdings, baseCurrency: "USD").pnl, -530_000, relative: 1e-12))
        let eurOnly = StressScenario(name: "EUR +5%", shocks: [.fx(relativeChange: 0.05, currencies: ["EUR"])])
        #expect(close(StressTest.run(eurOnly, holdings: Self.holdings, baseCurrency: "USD").pnl, 40_000, relative: 1e-12))
    }
}
