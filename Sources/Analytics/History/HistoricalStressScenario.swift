import Model

/// A historical stress scenario: the moves of a past window `[from, to)` replayed from warehouse bars onto
/// today's portfolio.
///
/// Each instrument's return over the window is `close of its last bar / open of its first bar − 1` (bars of the
/// configured interval with event time in the window); a position's P&L is its market value (base currency)
/// times that return. Instruments without bars in the window are listed and contribute nothing.
public struct HistoricalStressScenario: Sendable, Equatable {
    /// One position: its instrument and current market value in the base currency.
    public struct Position: Sendable, Equatable {
        /// Instrument id.
        public var instrumentId: String
        /// Market value in the base currency (negative for a short).
        public var marketValue: Double

        /// Creates a position.
        public init(instrumentId: String, marketValue: Double) {
            self.instrumentId = instrumentId
            self.marketValue = marketValue
        }
    }

    /// The outcome: the P&L per position and in total, the returns used, the instruments without data.
    public struct Outcome: Sendable, Equatable {
        /// Scenario name, P&L in total and per position (in the positions' order).
        public var result: StressResult
        /// Return over the window per instrument found.
        public var returns: [String: Double]
        /// Instruments with no bar in the window (their P&L is 0).
        public var missing: [String]
    }

    /// Name, e.g. `2020-03 covid crash`.
    public var name: String
    /// Window start, ns (inclusive).
    public var fromNanos: Int64
    /// Window end, ns (exclusive).
    public var toNanos: Int64
    /// The bars the returns come from (1d by default).
    public var interval: BarInterval

    /// A scenario over `[fromNanos, toNanos)`.
    ///
    /// - Throws: ``AnalyticsError`` `.invalidInput` for an empty window.
    public init(name: String, fromNanos: Int64, toNanos: Int64, interval: BarInterval = .oneDay) throws {
        guard fromNanos < toNanos else {
            throw AnalyticsError(.invalidInput, context: "HistoricalStressScenario", "window [\(fromNanos), \(toNanos)) is empty")
        }
        self.name = name
        self.fromNanos = fromNanos
        self.toNanos = toNanos
        self.interval = interval
    }

    /// Replays the window onto `positions`.
    ///
    /// - Throws: ``AnalyticsError`` when the warehouse cannot be read.
    public func run(on positions: [Position], history: WarehouseBarHistory) throws -> Outcome {
        let ids = Set(positions.map(\.instrumentId))
        let bars = try history.bars(interval: interval, instrumentIds: ids, from: fromNanos, to: toNanos)
        var returns: [String: Double] = [:]
        for (id, points) in bars {
            guard let first = points.first, let last = points.last, first.open > 0 else { continue }
            returns[id] = last.close / first.open - 1
        }
        let pnl = positions.map { $0.marketValue * (returns[$0.instrumentId] ?? 0) }
        return Outcome(
            result: StressResult(scenario: name, pnl: pnl.reduce(0, +), holdingPnL: pnl), returns: returns,
            missing: positions.map(\.instrumentId).filter { returns[$0] == nil })
    }
}
