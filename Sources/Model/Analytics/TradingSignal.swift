/// A prediction published by a trading model for one instrument (`tickflow.v1.TradingSignal`,
/// topic `trading-signals.ml`).
public struct TradingSignal: Sendable, Hashable, Codable {
    /// Instrument id (UUID string); the Kafka key.
    public var instrumentId: String
    /// Ticker or local symbol.
    public var symbol: String
    /// Model name, e.g. `momentum-lgbm`.
    public var model: String
    /// Model version; empty when unversioned.
    public var modelVersion: String
    /// Signal value, conventionally in [-1, 1]: negative = sell, positive = buy.
    public var value: Double
    /// Model confidence in [0, 1]; 0 when the model gives none.
    public var confidence: Double
    /// Prediction horizon in nanoseconds.
    public var horizonNanos: Int64
    /// Event time of the data the prediction is based on, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// When the signal was published, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64

    /// Creates a trading signal.
    public init(
        instrumentId: String, symbol: String, model: String, modelVersion: String = "", value: Double,
        confidence: Double = 0, horizonNanos: Int64, eventTimeNanos: Int64, ingestTimeNanos: Int64
    ) {
        self.instrumentId = instrumentId
        self.symbol = symbol
        self.model = model
        self.modelVersion = modelVersion
        self.value = value
        self.confidence = confidence
        self.horizonNanos = horizonNanos
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }
}
