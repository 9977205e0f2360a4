import Foundation

/// VaR backtest over a period: exceptions (days whose loss exceeded the VaR forecast), Kupiec's
/// proportion-of-failures test, Christoffersen's independence and conditional-coverage tests, and the Basel
/// traffic-light zone.
public struct VaRBacktest: Sendable, Equatable {
    /// Basel traffic-light zone.
    public enum Zone: String, Sendable, Equatable, Codable {
        /// The model is acceptable.
        case green
        /// Doubtful; capital plus-factor applies.
        case yellow
        /// The model is rejected.
        case red
    }

    /// Number of observations T.
    public let observations: Int
    /// Number of exceptions x.
    public let exceptions: Int
    /// The VaR confidence α (expected exception rate 1 − α).
    public let confidence: Double
    /// Kupiec's LR_POF statistic, χ²(1) under the null of correct coverage.
    public let kupiecStatistic: Double
    /// Its p-value.
    public let kupiecPValue: Double
    /// Christoffersen's LR_ind statistic, χ²(1) under the null of independent exceptions.
    public let independenceStatistic: Double
    /// Its p-value.
    public let independencePValue: Double
    /// LR_cc = LR_POF + LR_ind, χ²(2).
    public let conditionalCoverageStatistic: Double
    /// Its p-value.
    public let conditionalCoveragePValue: Double
    /// The Basel zone.
    public let zone: Zone

    /// Backtests losses against the VaR forecast for each day (both positive = loss).
    /// - Throws: `AnalyticsError.invalidInput` for different lengths, an empty period, non-finite values or a
    ///   confidence outside (0, 1).
    public init(losses: [Double], valueAtRisk: [Double], confidence: Double) throws {
        guard losses.count == valueAtRisk.count, !losses.isEmpty else {
            throw AnalyticsError(
                .invalidInput, context: "VaRBacktest",
                "\(losses.count) losses for \(valueAtRisk.count) VaR forecasts (need equal, non-zero)")
        }
        if let bad = losses.indices.first(where: { !losses[$0].isFinite || !valueAtRisk[$0].isFinite }) {
            throw AnalyticsError(.invalidInput, context: "VaRBacktest[\(bad)]", "a loss or VaR is not finite")
        }
        try self.init(hits: zip(losses, valueAtRisk).map { $0 > $1 }, confidence: confidence)
    }

    /// Backtests an exception indicator sequence (`true` = the loss exceeded the VaR that day).
    /// - Throws: `AnalyticsError.invalidInput` for an empty sequence or a confidence outside (0, 1).
    public init(hits: [Bool], confidence: Double) throws {
        guard !hits.isEmpty, confidence > 0, confidence < 1 else {
            throw AnalyticsError(.invalidInput, context: "VaRBacktest", "need observations and 0 < confidence < 1")
        }
        let t = hits.count, x = hits.filter { $0 }.count, p = 1 - confidence
        observations = t
        exceptions = x
        self.confidence = confidence
        kupiecStatistic = Self.kupiec(observations: t, exceptions: x, rate: p)
        kupiecPValue = ChiSquaredDistribution.survival(kupiecStatistic, degreesOfFreedom: 1)
        independenceStatistic = Self.christoffersen(hits)
        independencePValue = ChiSquaredDistribution.survival(independenceStatistic, degreesOfFreedom: 1)
        conditionalCoverageStatistic = kupiecStatistic + independenceStatistic
        conditionalCoveragePValue = ChiSquaredDistribution.survival(conditionalCoverageStatistic, degreesOfFreedom: 2)
        zone = Self.zone(observations: t, exceptions: x, rate: p)
    }

    /// `x ln a` with the convention `0 · ln 0 = 0`.
    private static func xlog(_ x: Double, _ a: Double) -> Double { x == 0 ? 0 : x * Foundation.log(a) }

    /// `LR_POF = −2[(T−x) ln(1−p) + x ln p − (T−x) ln(1−x/T) − x ln(x/T)]`.
    static func kupiec(observations t: Int, exceptions x: Int, rate p: Double) -> Double {
        let tt = Double(t), xx = Double(x), observed = xx / tt
        let null = xlog(tt - xx, 1 - p) + xlog(xx, p)
        let alternative = xlog(tt - xx, 1 - observed) + xlog(xx, observed)
        return max(-2 * (null - alternative), 0)
    }

    /// Christoffersen's LR_ind from the transition counts n₀₀, n₀₁, n₁₀, n₁₁ of consecutive days.
    static func christoffersen(_ hits: [Bool]) -> Double {
        var n = [[0.0, 0.0], [0.0, 0.0]]
        for (previous, current) in zip(hits, hits.dropFirst()) { n[previous ? 1 : 0][current ? 1 : 0] += 1 }
        let pi01 = n[0][0] + n[0][1] > 0 ? n[0][1] / (n[0][0] + n[0][1]) : 0
        let pi11 = n[1][0] + n[1][1] > 0 ? n[1][1] / (n[1][0] + n[1][1]) : 0
        let total = n[0][0] + n[0][1] + n[1][0] + n[1][1]
        guard total > 0 else { return 0 }
        let pi = (n[0][1] + n[1][1]) / total
        let null = xlog(n[0][0] + n[1][0], 1 - pi) + xlog(n[0][1] + n[1][1], pi)
        let alternative = xlog(n[0][0], 1 - pi01) + xlog(n[0][1], pi01) + xlog(n[1][0], 1 - pi11) + xlog(n[1][1], pi11)
        return max(-2 * (null - alternative), 0)
    }

    /// The Basel zone from the binomial probability of at most `x` exceptions: green below 95 %, yellow
    /// below 99.99 %, red beyond — for 250 days at 99 % that is 0–4 green, 5–9 yellow, 10+ red.
    static func zone(observations t: Int, exceptions x: Int, rate p: Double) -> Zone {
        let cumulative = binomialCDF(x, trials: t, probability: p)
        if cumulative < 0.95 { return .green }
        if cumulative < 0.9999 { return .yellow }
        return .red
    }

    /// P(X ≤ k) for X ~ Binomial(n, p), summed in log space.
    static func binomialCDF(_ k: Int, trials n: Int, probability p: Double) -> Double {
        guard k < n else { return 1 }
        var sum = 0.0
        for i in 0...k {
            let logTerm = lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
                + xlog(Double(i), p) + xlog(Double(n - i), 1 - p)
            sum += Foundation.exp(logTerm)
        }
        return min(sum, 1)
    }
}
