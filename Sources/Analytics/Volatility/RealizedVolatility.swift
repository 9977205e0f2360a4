/// Realized volatility over the last `window` returns, O(1) per return (a ring buffer and a running sum of
/// squares, recomputed once per lap so that rounding does not accumulate).
///
/// `realizedVariance` is `Σ r²` over the window (the usual realized variance of the period the window covers);
/// `volatility` is the per-return `√(Σ r² / count)`.
public struct RealizedVolatility: Sendable, Equatable, Codable {
    /// The number of returns the window holds.
    public let window: Int
    private var buffer: [Double]
    private var next = 0
    /// How many returns the window currently holds (≤ `window`).
    public private(set) var count = 0
    private var sumOfSquares = 0.0

    /// An empty window of `window` returns.
    /// - Throws: `AnalyticsError.invalidInput` when `window < 1`.
    public init(window: Int) throws {
        guard window >= 1 else {
            throw AnalyticsError(.invalidInput, context: "RealizedVolatility.init", "window \(window) < 1")
        }
        self.window = window
        self.buffer = [Double](repeating: 0, count: window)
    }

    /// Adds one return, dropping the oldest when the window is full.
    /// - Throws: `AnalyticsError.invalidInput` for a non-finite return; the state is kept.
    public mutating func update(_ r: Double) throws {
        guard r.isFinite else {
            throw AnalyticsError(.invalidInput, context: "RealizedVolatility.update", "return \(r) is not finite")
        }
        let old = buffer[next]
        buffer[next] = r
        sumOfSquares += r * r - (count == window ? old * old : 0)
        count = min(count + 1, window)
        next += 1
        if next == window {
            next = 0
            sumOfSquares = buffer.reduce(0) { $0 + $1 * $1 }
        }
    }

    /// `Σ r²` over the window.
    public var realizedVariance: Double { max(sumOfSquares, 0) }

    /// Per-return volatility `√(Σ r² / count)`; `nil` while empty.
    public var volatility: Double? { count == 0 ? nil : (realizedVariance / Double(count)).squareRoot() }

    /// Volatility scaled to a year of `periodsPerYear` returns (252 for daily bars).
    public func annualizedVolatility(periodsPerYear: Double = 252) -> Double? {
        volatility.map { $0 * periodsPerYear.squareRoot() }
    }
}
