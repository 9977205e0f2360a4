import Stream
import Testing
import TickFlowTestSupport

@Suite struct StageMetricsTests {
    /// The analytics stage runs two processors (per-instrument and portfolio groups): each keeps its own counts
    /// and lag under its group instead of adding up and overwriting the other's.
    @Test func processorsOfOneStageAreKeptApartByGroup() {
        let metrics = TestMetrics()
        let now: Int64 = 100_000_000_000
        let instruments = StageMetrics(stage: "analytics", group: "analytics", factory: metrics, now: { now })
        let portfolios = StageMetrics(stage: "analytics", group: "analytics.portfolio", factory: metrics, now: { now })
        instruments.processed(records: 500, outputs: 20, newestEventNanos: now - 2_000_000_000)
        portfolios.processed(records: 40, outputs: 3, newestEventNanos: now - 500_000_000)
        instruments.backlog(7)
        portfolios.backlog(0)

        let first = [("stage", "analytics"), ("group", "analytics")]
        let second = [("stage", "analytics"), ("group", "analytics.portfolio")]
        #expect(metrics.counterValue(StageMetrics.recordsLabel, first) == 500)
        #expect(metrics.counterValue(StageMetrics.recordsLabel, second) == 40)
        #expect(metrics.counterValue(StageMetrics.outputsLabel, first) == 20)
        #expect(metrics.counterValue(StageMetrics.outputsLabel, second) == 3)
        #expect(metrics.recordedValue(StageMetrics.eventLagLabel, first) == 2.0)
        #expect(metrics.recordedValue(StageMetrics.eventLagLabel, second) == 0.5)
        #expect(metrics.recordedValue(StageMetrics.lagRecordsLabel, first) == 7)
        #expect(metrics.recordedValue(StageMetrics.lagRecordsLabel, second) == 0)
    }

    /// A stage without a group of its own (the views sink) is labelled by stage alone.
    @Test func aStageWithoutAGroupHasOnlyTheStageDimension() {
        let metrics = TestMetrics()
        StageMetrics(stage: "views", factory: metrics).processed(records: 9, outputs: 9, newestEventNanos: nil)
        #expect(metrics.counterValue(StageMetrics.recordsLabel, [("stage", "views")]) == 9)
    }
}
