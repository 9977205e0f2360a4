import AsyncHTTPClient
import Logging
import Serving
import ServiceLifecycle
import Stream
import Testing

/// The metrics endpoint of processes that serve no API, over a real socket.
@Suite struct MetricsServerTests {
    @Test func stageThroughputAndLagAreServedInThePrometheusFormat() async throws {
        let observability = Observability()
        let stage = StageMetrics(stage: "stream", factory: observability.factory, now: { 10_000_000_000 })
        stage.processed(records: 120, outputs: 150, newestEventNanos: 7_500_000_000)
        stage.backlog(42)
        let logger = Logger(label: "test.metrics")
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = MetricsServer.application(observability: observability, port: 0, logger: logger, onServerRunning: { continuation.yield($0) })
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)], logger: logger))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(30))
        #expect(response.status == .ok)
        #expect(response.headers.first(name: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let lines = String(buffer: try await response.body.collect(upTo: 1 << 20)).split(separator: "\n").map(String.init)
        #expect(lines.contains(#"tickflow_stage_records_total{stage="stream"} 120"#), "\(lines)")
        #expect(lines.contains(#"tickflow_stage_outputs_total{stage="stream"} 150"#))
        #expect(lines.contains(#"tickflow_stage_lag_records{stage="stream"} 42.0"#) || lines.contains(#"tickflow_stage_lag_records{stage="stream"} 42"#))
        #expect(lines.contains(#"tickflow_stage_event_lag_seconds{stage="stream"} 2.5"#))
        let health = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(30))
        #expect(health.status == .ok)

        await group.triggerGracefulShutdown()
        try await running.value
    }
}
