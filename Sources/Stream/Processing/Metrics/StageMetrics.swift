import Metrics

/// The throughput and lag of one stage, in the metrics every runner and sink reports the same way:
///
/// - `tickflow_stage_records_total{stage,group}` (counter): input records processed;
/// - `tickflow_stage_outputs_total{stage,group}` (counter): records sent on (outputs and dead letters);
/// - `tickflow_stage_lag_records{stage,group}` (gauge): records available to the stage but not processed yet, when
///   its consumer can tell (``RecordBacklogReporting``);
/// - `tickflow_stage_event_lag_seconds{stage,group}` (gauge): wall clock now minus the newest event time processed.
///
/// `group` is the consumer group, for runners that have one: two processors of one stage (the analytics stage's
/// per-instrument and portfolio groups) would otherwise add up their counts and overwrite each other's lag.
///
/// Made once per stage instance; recording is a few atomic operations, cheap enough for every batch.
public struct StageMetrics: Sendable {
    /// The label of the records counter.
    public static let recordsLabel = "tickflow_stage_records_total"
    /// The label of the outputs counter.
    public static let outputsLabel = "tickflow_stage_outputs_total"
    /// The label of the backlog gauge.
    public static let lagRecordsLabel = "tickflow_stage_lag_records"
    /// The label of the event-time lag gauge.
    public static let eventLagLabel = "tickflow_stage_event_lag_seconds"

    /// The stage, the `stage` dimension of every metric.
    public let stage: String
    private let records: Counter
    private let outputs: Counter
    private let lagRecords: Gauge
    private let eventLag: Gauge
    private let now: @Sendable () -> Int64

    /// Creates the stage's metrics.
    ///
    /// - Parameters:
    ///   - stage: the stage name, e.g. `stream` or `views`.
    ///   - group: the consumer group reading for the stage, if it has one of its own.
    ///   - factory: where the metrics are made; by default the bootstrapped `MetricsSystem`.
    ///   - now: the wall clock the event lag is measured against, ns since the epoch.
    public init(
        stage: String, group: String? = nil, factory: any MetricsFactory = MetricsSystem.factory,
        now: @escaping @Sendable () -> Int64 = WallClock.nowNanos
    ) {
        self.stage = stage
        let dimensions = [("stage", stage)] + (group.map { [("group", $0)] } ?? [])
        records = Counter(label: Self.recordsLabel, dimensions: dimensions, factory: factory)
        outputs = Counter(label: Self.outputsLabel, dimensions: dimensions, factory: factory)
        lagRecords = Gauge(label: Self.lagRecordsLabel, dimensions: dimensions, factory: factory)
        eventLag = Gauge(label: Self.eventLagLabel, dimensions: dimensions, factory: factory)
        self.now = now
    }

    /// Counts a processed batch.
    ///
    /// - Parameters:
    ///   - records: input records processed.
    ///   - outputs: records sent on.
    ///   - newestEventNanos: the newest event time among the records, if any had one; sets the event lag.
    public func processed(records: Int, outputs: Int, newestEventNanos: Int64?) {
        if records > 0 { self.records.increment(by: Int64(records)) }
        if outputs > 0 { self.outputs.increment(by: Int64(outputs)) }
        if let newestEventNanos { eventLag.record(Double(now() - newestEventNanos) / 1e9) }
    }

    /// Sets the backlog: records available to the stage and not processed yet.
    public func backlog(_ records: Int) {
        lagRecords.record(Int64(records))
    }
}
