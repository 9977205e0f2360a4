/// Performance figures of an equity curve.
public enum PerformanceMetrics {
    /// Simple returns `eᵢ / eᵢ₋₁ − 1` of consecutive values (none for fewer than two; a non-positive value ends
    /// the series, since a return on it is undefined).
    public static func returns(_ equity: [Double]) -> [Double] {
        var returns: [Double] = []
        for index in equity.indices.dropFirst() {
            guard equity[index - 1] > 0 else { break }
            returns.append(equity[index] / equity[index - 1] - 1)
        }
        return returns
    }

    /// The annualised Sharpe ratio (risk-free rate 0): mean / sample standard deviation × √`periodsPerYear`;
    /// 0 for fewer than two returns or returns without dispersion.
    public static func sharpe(returns: [Double], periodsPerYear: Double) -> Double {
        guard returns.count >= 2 else { return 0 }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(returns.count - 1)
        guard variance > 0 else { return 0 }
        return mean / variance.squareRoot() * periodsPerYear.squareRoot()
    }

    /// The drawdown after each value, `1 − eᵢ / max(e₀…eᵢ)` (0 at a new peak or while the peak is not positive).
    public static func drawdowns(_ equity: [Double]) -> [Double] {
        var peak = -Double.infinity
        return equity.map { value in
            peak = max(peak, value)
            return peak > 0 ? 1 - value / peak : 0
        }
    }

    /// The largest drawdown, a fraction of the peak (0.25 = a quarter of the peak lost).
    public static func maxDrawdown(_ equity: [Double]) -> Double { drawdowns(equity).max() ?? 0 }
}
