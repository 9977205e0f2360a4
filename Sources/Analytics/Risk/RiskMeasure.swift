/// Value at Risk and Expected Shortfall of one portfolio, as positive losses in the base currency.
public struct RiskMeasure: Sendable, Equatable, Codable {
    /// Confidence level α, e.g. 0.99.
    public var confidence: Double
    /// Horizon in days (1 or 10 in the Basel convention).
    public var horizonDays: Double
    /// The loss not exceeded with probability α.
    public var valueAtRisk: Double
    /// The mean loss beyond the VaR (CVaR).
    public var expectedShortfall: Double

    /// Creates a measure.
    public init(confidence: Double, horizonDays: Double, valueAtRisk: Double, expectedShortfall: Double) {
        self.confidence = confidence
        self.horizonDays = horizonDays
        self.valueAtRisk = valueAtRisk
        self.expectedShortfall = expectedShortfall
    }

    /// The confidence levels reported by default: 95 %, 97.5 % (FRTB ES) and 99 %.
    public static let standardConfidences: [Double] = [0.95, 0.975, 0.99]

    /// Checks `0 < confidence < 1` and `horizonDays > 0`.
    static func validate(confidence: Double, horizonDays: Double, context: String) throws {
        guard confidence > 0, confidence < 1 else {
            throw AnalyticsError(.invalidInput, context: context, "confidence \(confidence) is not in (0, 1)")
        }
        guard horizonDays > 0, horizonDays.isFinite else {
            throw AnalyticsError(.invalidInput, context: context, "horizon \(horizonDays) days is not positive")
        }
    }

    /// Checks a square covariance matching `count` exposures, all finite.
    static func validate(covariance: Matrix, exposures: [Double], context: String) throws {
        guard covariance.isSquare, covariance.rows == exposures.count else {
            throw AnalyticsError(
                .invalidInput, context: context,
                "\(exposures.count) exposures for a \(covariance.rows)×\(covariance.columns) covariance")
        }
        if let bad = exposures.firstIndex(where: { !$0.isFinite }) {
            throw AnalyticsError(.invalidInput, context: "\(context)[\(bad)]", "exposure \(exposures[bad]) is not finite")
        }
    }
}
