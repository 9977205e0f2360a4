import Model

/// The portfolio stage's whole state: the universe, its prices and covariance, the open bar window and every
/// portfolio. Codable for checkpoints (JSON with sorted keys: equal states give equal bytes, and every `Double`
/// round-trips exactly).
struct PortfolioRiskState: Sendable, Codable {
    /// One portfolio.
    struct Portfolio: Sendable, Codable {
        var holdings: PortfolioHoldings
        /// Universe index of each position, in the holdings' order.
        var members: [Int]
        var quantities: [Double]
        /// The O(n) parametric VaR over the members; `nil` until the covariance has data.
        var engine: IncrementalParametricVaR?
        /// P&L of the positions held over each closed window, oldest first; restarted when the instruments change.
        var pnl: [Double] = []
    }

    /// Instrument ids by universe index.
    var universe: [String] = []
    var indices: [String: Int] = [:]
    /// Last close in the base currency per universe index; 0 before the first bar.
    var prices: [Double] = []
    /// Last base-currency units per unit of the instrument's currency (for bars without trades).
    var fxToBase: [Double] = []
    /// Per-period EWMA covariance of base-currency log returns; `nil` while the universe is empty.
    var covariance: EWMACovariance?
    /// Windows folded into the covariance.
    var covarianceUpdates = 0
    /// Bar windows not yet folded into the covariance, oldest first.
    var openWindows: [OpenWindow] = []
    /// Per universe index, the start of the latest window with a bar of the instrument (`Int64.min`: none yet).
    var latestWindow: [Int64] = []
    /// Windows up to this start are folded in; a later bar of one is counted in the oldest open window.
    var lastClosedWindow: Int64?
    /// Latest input as-of time (bar window end or holdings time) and ingest time seen.
    var asOfNanos: Int64 = 0
    var ingestNanos: Int64 = 0
    /// End of the window whose close last ran the scheduled Monte Carlo.
    var lastMonteCarloNanos: Int64?
    var portfolios: [String: Portfolio] = [:]

    /// The universe index of an instrument, adding it (zero price, zero covariance row) if new: O(n²) once.
    mutating func index(of instrumentId: String, lambda: Double) throws -> Int {
        if let index = indices[instrumentId] { return index }
        let n = universe.count
        var grown = Matrix(rows: n + 1, columns: n + 1)
        if let covariance {
            for j in 0..<n { for i in j..<n { grown[i, j] = covariance.lowerTriangle[i, j] } }
        }
        covariance = try EWMACovariance(dimension: n + 1, lambda: lambda, initial: grown)
        universe.append(instrumentId)
        indices[instrumentId] = n
        prices.append(0)
        fxToBase.append(0)
        latestWindow.append(.min)
        return n
    }

    /// Adds a bar's return (if the instrument had a price before) and its base-currency close to its window.
    mutating func record(_ logReturn: Double?, close: Double, at index: Int, window start: Int64) {
        let position = openWindows.firstIndex { $0.start >= start } ?? openWindows.endIndex
        if position == openWindows.endIndex || openWindows[position].start != start {
            openWindows.insert(OpenWindow(start: start), at: position)
        }
        openWindows[position].add(logReturn, close: close, at: index)
    }

    /// The 1-day covariance over `members` (the per-period one scaled by `periodsPerDay`), O(k²).
    func covariance(of members: [Int], periodsPerDay: Double) -> Matrix {
        var result = Matrix(rows: members.count, columns: members.count)
        guard let lower = covariance?.lowerTriangle else { return result }
        for (b, j) in members.enumerated() {
            for (a, i) in members.enumerated() {
                result[a, b] = lower[max(i, j), min(i, j)] * periodsPerDay
            }
        }
        return result
    }
}

/// The returns of one bar window, until the covariance folds it in.
struct OpenWindow: Sendable, Codable {
    /// Window start, ns.
    var start: Int64
    /// Summed log return per universe index (entries past the end are 0).
    var returns: [Double] = []
    /// Base-currency close per universe index at its latest bar in the window (0: none).
    var closes: [Double] = []
    /// Whether any instrument moved from a known price (a window of first prices is no observation).
    var hasReturns = false

    mutating func add(_ logReturn: Double?, close: Double, at index: Int) {
        if returns.count <= index {
            returns += repeatElement(0, count: index + 1 - returns.count)
            closes += repeatElement(0, count: index + 1 - closes.count)
        }
        closes[index] = close
        if let logReturn {
            returns[index] += logReturn
            hasReturns = true
        }
    }
}
