import Foundation
import Model

/// Valuation and rebalancing of a portfolio at given prices, without I/O (its performance over a period is
/// ``PortfolioPerformance``).
public struct PortfolioValuation: Sendable {
    /// One valued position.
    public struct Position: Sendable, Hashable {
        public var instrumentId: String
        public var quantity: Decimal
        public var costBasis: Decimal
        public var price: Decimal
        public var marketValue: Decimal
        public var sector: String
        public var region: String
    }

    /// One order a rebalance needs.
    public struct Trade: Sendable, Hashable {
        public var instrumentId: String
        public var side: OrderSide
        public var quantity: Decimal
        public var price: Decimal
        public var estimatedNotional: Decimal
    }

    public let positions: [Position]
    public var totalCost: Decimal { positions.reduce(0) { $0 + $1.costBasis } }
    public var totalValue: Decimal { positions.reduce(0) { $0 + $1.marketValue } }

    /// Values `holdings` at `price(instrumentId)`; `listing` gives sector and region.
    public init(holdings: [Portfolio.Holding], stocks: StockCatalog, price: (String) -> Decimal?) {
        positions = holdings.map { holding in
            let listing = stocks.listing(holding.instrumentId)
            let mark = price(holding.instrumentId) ?? listing?.price ?? 0
            return Position(
                instrumentId: holding.instrumentId, quantity: holding.quantity, costBasis: holding.costBasis, price: mark,
                marketValue: LedgerDecimal.cents(holding.quantity * mark),
                sector: listing?.instrument.sector.nonEmpty ?? "Unclassified",
                region: listing?.instrument.region.nonEmpty ?? "Unclassified")
        }
    }

    /// The trades that move the portfolio to `targets` (weights of total value, summing to at most 1):
    /// whole lots, sells first.
    ///
    /// - Throws: ``ServingError`` `validation` for an unknown instrument, a negative weight, or weights over 1.
    public func rebalance(to targets: [String: Decimal], stocks: StockCatalog, price: (String) -> Decimal?) throws(ServingError) -> [Trade] {
        let total = targets.values.reduce(Decimal(0), +)
        guard targets.values.allSatisfy({ $0 >= 0 }), total <= 1 else {
            throw ServingError(.validation, field: "targets", "target weights must be ≥ 0 and add up to at most 1")
        }
        let value = totalValue
        var current: [String: Decimal] = [:]
        for position in positions { current[position.instrumentId, default: 0] += position.quantity }
        var trades: [Trade] = []
        for instrumentId in Set(targets.keys).union(current.keys).sorted() {
            guard let listing = stocks.listing(instrumentId) else {
                throw ServingError(.validation, field: "targets", "unknown stock \(instrumentId)")
            }
            let mark = price(listing.instrument.id) ?? listing.price
            guard mark > 0 else { continue }
            let lot = Decimal(max(listing.instrument.lotSize, 1e-8))
            let wanted = LedgerDecimal.round(value * (targets[instrumentId] ?? 0) / mark / lot, scale: 0, mode: .down) * lot
            let delta = wanted - (current[instrumentId] ?? 0)
            guard delta != 0 else { continue }
            let quantity = delta.magnitude
            trades.append(Trade(
                instrumentId: listing.instrument.id, side: delta > 0 ? .buy : .sell, quantity: quantity, price: mark,
                estimatedNotional: LedgerDecimal.cents(quantity * mark)))
        }
        return trades.sorted { ($0.side == .sell ? 0 : 1, $0.instrumentId) < ($1.side == .sell ? 0 : 1, $1.instrumentId) }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
