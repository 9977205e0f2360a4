import Analytics
import Foundation
import Model

/// `GET /risk/dashboard/{portfolioId}`: a portfolio's risk at a glance, from the live views: its value and
/// exposures by sector, region and asset class (holdings priced at their freshest close: a one-second bar of the
/// last five minutes, else one-minute, else daily),
/// the latest VaR/ES by method that the analytics stage published, the top contributors to VaR, each holding's
/// volatility, and recent anomalies in the holdings.
struct RiskDashboard: Encodable {
    struct HoldingJSON: Encodable {
        var instrumentId: String
        var symbol: String
        var quantity: Double
        var sector: String
        var region: String
        var assetClass: String
        /// Latest base-currency price and value; absent when the views and warehouse have no recent bar.
        var price: Double?
        var value: Double?
        var weight: Double?
    }

    struct ExposureJSON: Encodable {
        var name: String
        var value: Double
        var weight: Double
    }

    struct ExposuresJSON: Encodable {
        var bySector: [ExposureJSON]
        var byRegion: [ExposureJSON]
        var byAssetClass: [ExposureJSON]
    }

    struct MetricJSON: Encodable {
        var kind: String
        var method: String
        var confidence: Double
        var horizonDays: UInt32
        var value: Double
        var instrumentId: String?
        var asOf: String

        init(_ metric: RiskMetric) {
            kind = metric.kind.rawValue
            method = metric.method.rawValue
            confidence = metric.confidence
            horizonDays = metric.horizonDays
            value = metric.value
            instrumentId = metric.instrumentId.isEmpty ? nil : metric.instrumentId
            asOf = Timestamp.iso8601(metric.eventTimeNanos)
        }
    }

    var portfolioId: String
    var name: String
    var currency: String
    var value: Double
    var holdings: [HoldingJSON]
    /// Holdings without a recent price: left out of the value and exposures.
    var unpriced: [String]
    var exposures: ExposuresJSON
    /// The portfolio's latest VaR and ES per method, confidence and horizon.
    var risk: [MetricJSON]
    /// The five largest component VaRs (the latest parametric decomposition).
    var topContributors: [MetricJSON]
    /// Each holding's latest volatility estimates.
    var volatility: [MetricJSON]
    /// The 20 most recent anomalies in the holdings, newest first.
    var anomalies: [AnomalyJSON]

    /// Builds the dashboard of `portfolio` from the views (and the warehouse for prices older than the views).
    ///
    /// - Throws: ``ServingError`` from the views or the warehouse.
    static func make(_ portfolio: Portfolio, api: LedgerAPI, baseCurrency: String) async throws(ServingError) -> RiskDashboard {
        let views = api.market.views
        let instruments = portfolio.holdings.compactMap { api.ledger.stocks.listing($0.instrumentId)?.instrument }
        let ids = instruments.map(\.id)
        let now = Timestamp.now()
        // Seconds only from the recent past and from the views alone: the freshest close is there or nowhere, and a
        // warehouse read per holding on every request (a young run's views start after the lookback) buys nothing.
        var prices = try await ReturnHistory.latestCloses(
            ids, interval: .oneSecond, asOfNanos: now, baseCurrency: baseCurrency, market: MarketData(views: views),
            lookbackNanos: 5 * Timestamp.nanosPerMinute)
        for interval in [BarInterval.oneMinute, .oneDay] where prices.count < ids.count {
            let older = try await ReturnHistory.latestCloses(
                ids.filter { prices[$0] == nil }, interval: interval, asOfNanos: now, baseCurrency: baseCurrency, market: api.market)
            prices.merge(older) { fresher, _ in fresher }
        }

        let quantities = Dictionary(portfolio.holdings.map { ($0.instrumentId, NSDecimalNumber(decimal: $0.quantity).doubleValue) }) { $0 + $1 }
        let total = instruments.reduce(0.0) { sum, instrument in sum + (prices[instrument.id].map { $0 * (quantities[instrument.id] ?? 0) } ?? 0) }
        let holdings = instruments.map { instrument in
            let quantity = quantities[instrument.id] ?? 0
            let value = prices[instrument.id].map { $0 * quantity }
            return HoldingJSON(
                instrumentId: instrument.id, symbol: instrument.symbol, quantity: quantity, sector: instrument.sector, region: instrument.region,
                assetClass: instrument.assetClass.rawValue, price: prices[instrument.id], value: value,
                weight: value.map { total != 0 ? $0 / total : 0 })
        }
        func exposures(_ key: (HoldingJSON) -> String) -> [ExposureJSON] {
            var sums: [String: Double] = [:]
            for holding in holdings { if let value = holding.value { sums[key(holding), default: 0] += value } }
            return sums.map { ExposureJSON(name: $0.key, value: $0.value, weight: total != 0 ? $0.value / total : 0) }
                .sorted { ($0.value, $0.name) > ($1.value, $1.name) }
        }

        let metrics = try await views.riskMetrics(portfolioId: portfolio.id)
        var volatility: [MetricJSON] = []
        var anomalies: [Anomaly] = []
        for id in ids {
            let own = try await views.riskMetrics(portfolioId: InstrumentAnalyticsStage.portfolioId(ofInstrument: id))
            volatility += own.filter { $0.kind == .volatility }.map(MetricJSON.init)
            anomalies += try await views.anomalies(instrumentId: id, limit: 20)
        }
        return RiskDashboard(
            portfolioId: portfolio.id, name: portfolio.name, currency: baseCurrency, value: total, holdings: holdings,
            unpriced: ids.filter { prices[$0] == nil },
            exposures: ExposuresJSON(bySector: exposures(\.sector), byRegion: exposures(\.region), byAssetClass: exposures(\.assetClass)),
            risk: metrics.filter { $0.instrumentId.isEmpty && [.valueAtRisk, .expectedShortfall].contains($0.kind) }.map(MetricJSON.init),
            topContributors: metrics.filter { $0.kind == .componentValueAtRisk }.sorted { $0.value > $1.value }.prefix(5).map(MetricJSON.init),
            volatility: volatility,
            anomalies: anomalies.sorted { $0.eventTimeNanos > $1.eventTimeNanos }.prefix(20).map(AnomalyJSON.init))
    }
}
