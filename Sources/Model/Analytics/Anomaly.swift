/// An unusual observation flagged by an anomaly detector (`tickflow.v1.Anomaly`, topic `analytics.anomalies`).
public struct Anomaly: Sendable, Hashable, Codable {
    /// Instrument id (UUID string); the Kafka key.
    public var instrumentId: String
    /// Ticker or local symbol.
    public var symbol: String
    /// Overall score in [0, 1]; 1 is the most anomalous.
    public var score: Double
    /// The score's components by name, each in [0, 1], e.g. `["return_zscore": 0.93]`.
    public var components: [String: Double]
    /// The score above which the observation was flagged, in [0, 1].
    public var threshold: Double
    /// Detector name, e.g. `ewma-zscore`.
    public var detector: String
    /// Human-readable explanation; may be empty.
    public var description: String
    /// Event time of the observation, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// When it was flagged, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64

    /// Creates an anomaly.
    public init(
        instrumentId: String, symbol: String, score: Double, components: [String: Double], threshold: Double,
        detector: String, description: String = "", eventTimeNanos: Int64, ingestTimeNanos: Int64
    ) {
        self.instrumentId = instrumentId
        self.symbol = symbol
        self.score = score
        self.components = components
        self.threshold = threshold
        self.detector = detector
        self.description = description
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }

    /// Whether the score exceeds the threshold.
    public var isFlagged: Bool { score > threshold }
}
