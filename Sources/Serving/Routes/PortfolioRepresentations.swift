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
    var costBasis: String
    var marketValue: String
    var weight: Double
    var `return`: Double
    var contribution: Double

    init(_ attribution: PortfolioValuation.Attribution) {
        group = attribution.group
        costBasis = LedgerJSON.money(attribution.costBasis)
        marketValue = LedgerJSON.money(attribution.marketValue)
        weight = attribution.weight
        `return` = attribution.groupReturn
        contribution = attribution.contribution
    }
}

struct PerformanceJSON: Encodable {
    var portfolioId: String
    /// The period the return covers: from inception (the cost basis) to now (the latest marks).
    var periodStart: String
    var periodEnd: String
    var costBasis: String
    var marketValue: String
    var profitLoss: String
    var `return`: Double
    var bySector: [AttributionJSON]
    var byRegion: [AttributionJSON]

    init(portfolio: Portfolio, valuation: PortfolioValuation) {
        portfolioId = portfolio.id
        periodStart = Timestamp.iso8601(portfolio.createdAtNanos)
        periodEnd = Timestamp.iso8601(Timestamp.now())
        costBasis = LedgerJSON.money(valuation.totalCost)
        marketValue = LedgerJSON.money(valuation.totalValue)
        profitLoss = LedgerJSON.money(valuation.totalValue - valuation.totalCost)
        `return` = valuation.totalReturn
        bySector = valuation.attribution(by: \.sector).map(AttributionJSON.init)
        byRegion = valuation.attribution(by: \.region).map(AttributionJSON.init)
    }
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
