import Model

/// One change to the live market views, as the sink stage derives it from a stream record.
public enum MarketViewUpdate: Sendable, Hashable {
    /// The latest quote of an instrument (newest event time wins).
    case quote(Quote)
    /// The top of book of an instrument (newest event time wins).
    case topOfBook(TopOfBook)
    /// A bar, new or revised: a revision replaces the bar of the same window unless it is older.
    case bar(Bar)
    /// A risk metric of a portfolio (or of one of its holdings); newest event time wins per metric.
    case risk(RiskMetric)
    /// An anomaly event: appended to the recent anomalies.
    case anomaly(Anomaly)
    /// Reference data of an instrument (newest event time wins).
    case instrument(Instrument)
}

extension MarketViewUpdate {
    /// The event time of what changed (a bar's last trade), ns since the epoch: the views' event-time lag.
    public var eventTimeNanos: Int64 {
        switch self {
        case .quote(let quote): quote.eventTimeNanos
        case .topOfBook(let book): book.eventTimeNanos
        case .bar(let bar): bar.eventTimeNanos
        case .risk(let metric): metric.eventTimeNanos
        case .anomaly(let anomaly): anomaly.eventTimeNanos
        case .instrument(let instrument): instrument.eventTimeNanos
        }
    }
}

extension RiskMetric {
    /// What identifies a metric among a portfolio's: a newer value of the same identity replaces the older.
    public var viewIdentity: String {
        "\(kind.rawValue)|\(method.rawValue)|\(confidence)|\(horizonDays)|\(instrumentId)"
    }
}
