import Foundation
import Model

/// A portfolio's return over a period `[from, to]` with its attribution, at given start and end prices, without
/// I/O.
///
/// Conventions (also in `openapi.yaml`):
/// - the holdings are today's, held unchanged through the period (a holdings-based, buy-and-hold return: no
///   flows, no trading within the period);
/// - a holding's return is `end price / start price − 1`, the prices being the last trade at or before `from`
///   and at or before `to`;
/// - its weight is its share of the portfolio's start value (`quantity × start price`), its contribution
///   `start weight × holding return`;
/// - a sector's or region's weight and contribution are the sums over its holdings, its return
///   `contribution / weight`; contributions add up to the portfolio's return, `end value / start value − 1`.
///
/// Returns and weights are computed from the prices (doubles, like all analytics); values are shown rounded to
/// cents.
public struct PortfolioPerformance: Sendable {
    /// One holding over the period.
    public struct Position: Sendable, Hashable {
        public var instrumentId: String
        public var symbol: String
        public var quantity: Decimal
        public var start: PricePoint
        public var end: PricePoint
        public var startValue: Decimal
        public var endValue: Decimal
        public var sector: String
        public var region: String
        /// Share of the portfolio's start value.
        public var weight: Double
        /// `end price / start price − 1`.
        public var holdingReturn: Double
        /// `weight × holdingReturn`.
        public var contribution: Double
    }

    /// Return and contribution of one sector or region.
    public struct Attribution: Sendable, Hashable {
        public var group: String
        public var startValue: Decimal
        public var endValue: Decimal
        /// Sum of its holdings' start weights.
        public var weight: Double
        /// `contribution / weight` (0 for a zero weight).
        public var groupReturn: Double
        /// Sum of its holdings' contributions.
        public var contribution: Double
    }

    public let fromNanos: Int64
    public let toNanos: Int64
    public let positions: [Position]
    public var startValue: Decimal { positions.reduce(0) { $0 + $1.startValue } }
    public var endValue: Decimal { positions.reduce(0) { $0 + $1.endValue } }
    /// The portfolio's return over the period: the sum of the contributions (0 for an empty portfolio).
    public let totalReturn: Double

    /// Measures `holdings` between `startPrices` (at `fromNanos`) and `endPrices` (at `toNanos`); `stocks` gives
    /// symbols, sectors and regions.
    ///
    /// - Throws: ``ServingError`` `noPriceHistory` (field `from`) naming every holding without a positive price
    ///   at or before `from` (or `to`).
    public init(
        holdings: [Portfolio.Holding], stocks: StockCatalog, fromNanos: Int64, toNanos: Int64,
        startPrices: [String: PricePoint], endPrices: [String: PricePoint]
    ) throws(ServingError) {
        self.fromNanos = fromNanos
        self.toNanos = toNanos
        let unpriced = holdings.filter { holding in
            guard let start = startPrices[holding.instrumentId], let end = endPrices[holding.instrumentId] else { return true }
            return !(start.price > 0 && end.price > 0)
        }
        guard unpriced.isEmpty else {
            let names = Set(unpriced.map { Self.name($0.instrumentId, stocks) }).sorted()
            throw ServingError(
                .noPriceHistory, field: "from",
                "no price history at or before \(Timestamp.iso8601(fromNanos)) for \(names.joined(separator: ", ")): choose a later from")
        }
        let startTotal = holdings.reduce(0.0) { $0 + Self.double($1.quantity) * startPrices[$1.instrumentId]!.price }
        var positions: [Position] = []
        for holding in holdings {
            let start = startPrices[holding.instrumentId]!, end = endPrices[holding.instrumentId]!
            let listing = stocks.listing(holding.instrumentId)
            let weight = startTotal > 0 ? Self.double(holding.quantity) * start.price / startTotal : 0
            let holdingReturn = end.price / start.price - 1
            positions.append(Position(
                instrumentId: holding.instrumentId, symbol: listing?.instrument.symbol ?? holding.instrumentId,
                quantity: holding.quantity, start: start, end: end,
                startValue: LedgerDecimal.cents(holding.quantity * QuoteFeed.exact(start.price)),
                endValue: LedgerDecimal.cents(holding.quantity * QuoteFeed.exact(end.price)),
                sector: listing?.instrument.sector.nonEmpty ?? "Unclassified",
                region: listing?.instrument.region.nonEmpty ?? "Unclassified",
                weight: weight, holdingReturn: holdingReturn, contribution: weight * holdingReturn))
        }
        self.positions = positions
        totalReturn = positions.reduce(0) { $0 + $1.contribution }
    }

    /// Attribution by sector or by region, groups in name order.
    public func attribution(by key: KeyPath<Position, String>) -> [Attribution] {
        Dictionary(grouping: positions, by: { $0[keyPath: key] })
            .map { group, members in
                let weight = members.reduce(0) { $0 + $1.weight }
                let contribution = members.reduce(0) { $0 + $1.contribution }
                return Attribution(
                    group: group, startValue: members.reduce(0) { $0 + $1.startValue },
                    endValue: members.reduce(0) { $0 + $1.endValue }, weight: weight,
                    groupReturn: weight > 0 ? contribution / weight : 0, contribution: contribution)
            }
            .sorted { $0.group < $1.group }
    }

    private static func name(_ instrumentId: String, _ stocks: StockCatalog) -> String {
        stocks.listing(instrumentId).map { "\($0.instrument.symbol) (\(instrumentId))" } ?? instrumentId
    }

    private static func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
}
