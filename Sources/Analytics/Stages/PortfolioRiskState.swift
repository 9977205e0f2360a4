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
    /// Window start of the open window and the summed log return of each instrument in it.
    var openWindowStart: Int64?
    var openReturns: [Double] = []
    /// Whether any instrument moved from a known price in the open window (a window of first prices only is not
    /// a return observation).
    var openHasReturns = false
    /// Latest input as-of time (bar window end or holdings time) and ingest time seen.
    var asOfNanos: Int64 = 0
    var ingestNanos: Int64 = 0
    /// As-of time of the last scheduled Monte Carlo run.
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
        openReturns.append(0)
        return n
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
