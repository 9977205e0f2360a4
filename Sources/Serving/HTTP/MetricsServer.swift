import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The metrics endpoint of a process that serves no API (`tickflow process`, `sink`, `analytics run`):
/// `GET /metrics` in the Prometheus text format (its stages' throughput and lag, dead letters by reason, …)
/// and `GET /health`, on a port of its own.
public enum MetricsServer {
    /// The application serving `observability`'s registry.
    ///
    /// - Parameters:
    ///   - host: the address to bind (default 127.0.0.1).
    ///   - port: the port (0 picks a free one, reported to `onServerRunning`).
    public static func application(
        observability: Observability, host: String = "127.0.0.1", port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("health") { _, _ in Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#))) }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: observability.render())))
        }
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "tickflow-metrics"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }
}
