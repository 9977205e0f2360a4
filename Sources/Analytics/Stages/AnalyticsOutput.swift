import Model
import Stream

/// What the analytics stages emit.
public enum AnalyticsOutput: TopicRoutedValue, Hashable {
    /// A volatility or portfolio risk figure, to `analytics.risk` (key: portfolio id).
    case risk(RiskMetric)
    /// A flagged observation, to `analytics.anomalies` (key: instrument id).
    case anomaly(Anomaly)
    /// An accepted bar forwarded to `analytics.universe-bars` (key `universe`) for the portfolio stage.
    case universeBar(Bar)

    /// The risk topic.
    public static let riskTopic = "analytics.risk"
    /// The anomalies topic.
    public static let anomaliesTopic = "analytics.anomalies"

    /// `analytics.risk`, `analytics.anomalies` or `analytics.universe-bars`.
    public var topic: String {
        switch self {
        case .risk: Self.riskTopic
        case .anomaly: Self.anomaliesTopic
        case .universeBar: AnalyticsInput.universeTopic
        }
    }

    /// The Protobuf bytes of the value.
    ///
    /// - Throws: ``StreamError`` `.internal` if the value cannot be serialized.
    public func encoded() throws -> [UInt8] {
        do {
            switch self {
            case .risk(let metric): return try metric.serializedBytes()
            case .anomaly(let anomaly): return try anomaly.serializedBytes()
            case .universeBar(let bar): return try bar.serializedBytes()
            }
        } catch {
            throw StreamError(.internal, "cannot encode a value for \(topic): \(error)", underlying: error)
        }
    }

    /// The risk metric, if this is one.
    public var riskMetric: RiskMetric? { if case .risk(let metric) = self { metric } else { nil } }
    /// The anomaly, if this is one.
    public var anomaly: Anomaly? { if case .anomaly(let anomaly) = self { anomaly } else { nil } }
}
