/// Sample quantiles with numpy's default convention (`np.quantile(x, q)`, method `"linear"`, Hyndman–Fan
/// type 7): on the ascending sample `x₀ ≤ … ≤ x_{N−1}`, `h = (N − 1)·q`, and the quantile is
/// `x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋)`.
public enum EmpiricalQuantile {
    /// The `q`-quantile of an ascending-sorted sample (`0 ≤ q ≤ 1`, non-empty sample).
    public static func ofSorted(_ sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty && q >= 0 && q <= 1, "quantile needs a sample and 0 ≤ q ≤ 1")
        let h = Double(sorted.count - 1) * q
        let lower = Int(h.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}
