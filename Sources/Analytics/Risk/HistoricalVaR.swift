/// Historical-simulation VaR and ES over a vector of portfolio P&L (one value per past day or scenario).
///
/// Quantile convention: losses `L = −P&L`; VaR is numpy's default `np.quantile(L, α)` (linear interpolation,
/// `EmpiricalQuantile`); ES is the mean of the losses at or beyond that VaR, `L[L >= VaR].mean()`. A
/// horizon longer than one day scales both by `√h`.
public enum HistoricalVaR {
    /// VaR and ES of the P&L sample.
    /// - Throws: `AnalyticsError.invalidInput` for an empty sample, non-finite values, or bad levels.
    public static func measure(pnl: [Double], confidence: Double, horizonDays: Double = 1) throws -> RiskMeasure {
        try RiskMeasure.validate(confidence: confidence, horizonDays: horizonDays, context: "HistoricalVaR.measure")
        guard !pnl.isEmpty else {
            throw AnalyticsError(.invalidInput, context: "HistoricalVaR.measure", "the P&L sample is empty")
        }
        if let bad = pnl.firstIndex(where: { !$0.isFinite }) {
            throw AnalyticsError(.invalidInput, context: "HistoricalVaR.measure[\(bad)]", "P&L \(pnl[bad]) is not finite")
        }
        return measure(sortedLosses: pnl.map { -$0 }.sorted(), confidence: confidence, horizonDays: horizonDays)
    }

    /// The same on losses already sorted ascending (Monte Carlo reuses it).
    static func measure(sortedLosses losses: [Double], confidence: Double, horizonDays: Double) -> RiskMeasure {
        let valueAtRisk = EmpiricalQuantile.ofSorted(losses, confidence)
        var tailSum = 0.0, tailCount = 0
        for loss in losses.reversed() {
            guard loss >= valueAtRisk else { break }
            tailSum += loss
            tailCount += 1
        }
        let scale = horizonDays.squareRoot()
        return RiskMeasure(
            confidence: confidence, horizonDays: horizonDays, valueAtRisk: valueAtRisk * scale,
            expectedShortfall: tailSum / Double(max(tailCount, 1)) * scale)
    }
}
