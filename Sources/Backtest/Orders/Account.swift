import Foundation

/// Cash and positions of a backtest, exact, with each instrument marked at its latest bar close.
public struct Account: Sendable, Hashable {
    /// Cash, exact (negative when the strategy borrowed to buy).
    public private(set) var cash: Decimal
    /// Units held per instrument id (negative = short); flat instruments are removed.
    public private(set) var positions: [String: Decimal] = [:]
    /// The latest mark price per instrument id.
    public private(set) var marks: [String: Double] = [:]

    /// An account holding `cash` and nothing else.
    public init(cash: Decimal) { self.cash = cash }

    /// Units held of an instrument (0 when flat).
    public func position(_ instrumentId: String) -> Decimal { positions[instrumentId] ?? 0 }

    /// Books a fill: a buy pays its notional and adds units, a sell receives it and removes them.
    public mutating func apply(_ fill: SimulatedFill) {
        let signed = fill.side == .buy ? fill.quantity : -fill.quantity
        cash += fill.side == .buy ? -fill.notional : fill.notional
        let after = position(fill.instrumentId) + signed
        positions[fill.instrumentId] = after == 0 ? nil : after
        if marks[fill.instrumentId] == nil { marks[fill.instrumentId] = fill.price }
    }

    /// Marks an instrument at a price.
    public mutating func mark(_ instrumentId: String, at price: Double) {
        if price.isFinite, price > 0 { marks[instrumentId] = price }
    }

    /// Σ units × mark, exact (marks rounded to 8 places).
    public var positionsValue: Decimal {
        var total = Decimal()
        for (instrument, units) in positions.sorted(by: { $0.key < $1.key }) {
            total += Money.rounded(units * Money.decimal(marks[instrument] ?? 0))
        }
        return total
    }

    /// Cash plus ``positionsValue``.
    public var equity: Decimal { cash + positionsValue }
}
