import Foundation
import Model

struct PortfolioJSON: Encodable {
    struct HoldingJSON: Encodable {
        var stockId: String
        var quantity: String
        var costBasis: String
        var marketValue: String
        var sector: String
        var region: String
    }

    var id: String
    var name: String
    var clientId: String
    var currency: String
    var totalAum: String
    var holdings: [HoldingJSON]
    var createdAt: String
    var lastRebalanced: String?

    init(_ portfolio: Portfolio, valuation: PortfolioValuation) {
        id = portfolio.id
        name = portfolio.name
        clientId = portfolio.clientId
        currency = portfolio.currency
        totalAum = LedgerJSON.money(valuation.totalValue)
        holdings = valuation.positions.map {
            HoldingJSON(
                stockId: $0.instrumentId, quantity: DecimalString.format($0.quantity), costBasis: LedgerJSON.money($0.costBasis),
                marketValue: LedgerJSON.money($0.marketValue), sector: $0.sector, region: $0.region)
        }
        createdAt = Timestamp.iso8601(portfolio.createdAtNanos)
        lastRebalanced = portfolio.lastRebalancedAtNanos.map(Timestamp.iso8601)
    }
}

struct AttributionJSON: Encodable {
    var group: String
    var startValue: String
    var endValue: String
    var weight: Double
    var `return`: Double
    var contribution: Double

    init(_ attribution: PortfolioPerformance.Attribution) {
        group = attribution.group
        startValue = LedgerJSON.money(attribution.startValue)
        endValue = LedgerJSON.money(attribution.endValue)
        weight = attribution.weight
        `return` = attribution.groupReturn
        contribution = attribution.contribution
    }
}

/// A portfolio's return over `[from, to]` (conventions: ``PortfolioPerformance``).
struct PerformanceJSON: Encodable {
    struct HoldingJSON: Encodable {
        var stockId: String
        var symbol: String
        var quantity: String
        var sector: String
        var region: String
        var startPrice: String
        var startPriceTime: String
        var endPrice: String
        var endPriceTime: String
        var startValue: String
        var endValue: String
        var weight: Double
        var `return`: Double
        var contribution: Double
    }

    var portfolioId: String
    var from: String
    var to: String
    var startValue: String
    var endValue: String
    var profitLoss: String
    var `return`: Double
    var holdings: [HoldingJSON]
    var bySector: [AttributionJSON]
    var byRegion: [AttributionJSON]

    init(portfolioId: String, _ performance: PortfolioPerformance) {
        self.portfolioId = portfolioId
        from = Timestamp.iso8601(performance.fromNanos)
        to = Timestamp.iso8601(performance.toNanos)
        startValue = LedgerJSON.money(performance.startValue)
        endValue = LedgerJSON.money(performance.endValue)
        profitLoss = LedgerJSON.money(performance.endValue - performance.startValue)
        `return` = performance.totalReturn
        holdings = performance.positions.map {
            HoldingJSON(
                stockId: $0.instrumentId, symbol: $0.symbol, quantity: DecimalString.format($0.quantity), sector: $0.sector,
                region: $0.region, startPrice: Self.price($0.start), startPriceTime: Timestamp.iso8601($0.start.timeNanos),
                endPrice: Self.price($0.end), endPriceTime: Timestamp.iso8601($0.end.timeNanos),
                startValue: LedgerJSON.money($0.startValue), endValue: LedgerJSON.money($0.endValue),
                weight: $0.weight, return: $0.holdingReturn, contribution: $0.contribution)
        }
        bySector = performance.attribution(by: \.sector).map(AttributionJSON.init)
        byRegion = performance.attribution(by: \.region).map(AttributionJSON.init)
    }

    /// A warehouse price as the API's decimal strings show prices: at most 8 decimals.
    private static func price(_ point: PricePoint) -> String { DecimalString.format(QuoteFeed.exact(point.price)) }
}

struct TradeJSON: Encodable {
    var stockId: String
    var side: String
    var quantity: String
    var price: String
    var estimatedNotional: String

    init(_ trade: PortfolioValuation.Trade) {
        stockId = trade.instrumentId
        side = trade.side.rawValue
        quantity = DecimalString.format(trade.quantity)
        price = DecimalString.format(trade.price)
        estimatedNotional = LedgerJSON.money(trade.estimatedNotional)
    }
}

struct RebalanceJSON: Encodable {
    var trades: [TradeJSON]
    var placedOrders: [OrderJSON]
    var portfolio: PortfolioJSON
}
