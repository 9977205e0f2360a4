import CoreMetrics
import Prometheus

/// The server's metrics: a Prometheus registry that `GET /metrics` renders, and the swift-metrics factory that
/// writes into it. `tickflow serve` also bootstraps the process's `MetricsSystem` with ``factory``, so the
/// stream's, the sinks' and the dead-letter counters of the same process show in `/metrics` too.
public struct Observability: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// A factory writing into ``registry``.
    public let factory: PrometheusMetricsFactory

    /// Metrics in `registry` (a fresh one by default). Request durations go into buckets from 1 ms to 10 s.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 10_000].map { .microseconds(Int64($0 * 1_000)) }
        self.factory = factory
    }

    /// The registry in the Prometheus text format.
    public func render() -> [UInt8] { registry.emitToBuffer() }
}
