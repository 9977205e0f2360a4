import ArgumentParser
import Logging
import Metrics
import Serving
import ServiceLifecycle

/// `--metrics-port`: the Prometheus endpoint of a command that serves no API.
struct MetricsOptions: ParsableArguments {
    @Option(help: "Serve GET /metrics (Prometheus text: stage throughput and lag, dead letters by reason) on this port; 0 serves none.")
    var metricsPort = 0
    @Option(help: "Address the metrics endpoint binds.") var metricsHost = "127.0.0.1"

    /// Bootstraps the process's metrics into a registry and returns the service that serves it, if asked for.
    /// Call before making anything that creates metrics.
    func services(logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard metricsPort != 0 else { return [] }
        let observability = Observability()
        MetricsSystem.bootstrap(observability.factory)
        let host = metricsHost
        return [.init(service: MetricsServer.application(
            observability: observability, host: host, port: metricsPort, logger: logger,
            onServerRunning: { port in print("metrics on http://\(host):\(port)/metrics") }))]
    }
}
