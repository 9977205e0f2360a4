/// One risk figure of a portfolio, or of one position in it (`tickflow.v1.RiskMetric`, topic `analytics.risk`).
public struct RiskMetric: Sendable, Hashable, Codable {
    /// Portfolio id; the Kafka key.
    public var portfolioId: String
    /// Instrument id when the metric is for one position; empty for the whole portfolio.
    public var instrumentId: String
    /// What is measured.
    public var kind: RiskMetricKind
    /// How it was estimated.
    public var method: RiskMethod
    /// Confidence level in [0, 1), e.g. 0.99; 0 when not applicable (volatility).
    public var confidence: Double
    /// Horizon in days, e.g. 1 or 10.
    public var horizonDays: UInt32
    /// The value: a loss amount in ``currency`` (VaR, ES) or a fraction (volatility, 0.23 = 23 %).
    public var value: Double
    /// ISO 4217 currency of ``value``; empty for volatility.
    public var currency: String
    /// Event time of the latest price the metric reflects, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// When it was computed, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64

    /// Creates a risk metric.
    public init(
        portfolioId: String, instrumentId: String = "", kind: RiskMetricKind, method: RiskMethod, confidence: Double,
        horizonDays: UInt32, value: Double, currency: String, eventTimeNanos: Int64, ingestTimeNanos: Int64
    ) {
        self.portfolioId = portfolioId
        self.instrumentId = instrumentId
        self.kind = kind
        self.method = method
        self.confidence = confidence
        self.horizonDays = horizonDays
        self.value = value
        self.currency = currency
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }
}
