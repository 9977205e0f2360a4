import ServiceLifecycle
import Stream

/// Runs a ``WarehouseSink`` as a lifecycle service: on graceful shutdown the consumer is closed, the sink
/// commits what it buffered, and the service returns.
public struct WarehouseSinkService: Service {
    private let sink: WarehouseSink
    private let consumer: any RecordConsumer

    /// Creates the service of a sink reading `consumer`.
    public init(store: WarehouseStore, consumer: any RecordConsumer, deadLetters: DeadLetterRouter?,
                configuration: WarehouseSinkConfiguration = WarehouseSinkConfiguration()) throws {
        self.consumer = consumer
        sink = try WarehouseSink(store: store, consumer: consumer, deadLetters: deadLetters, configuration: configuration)
    }

    /// Rows the sink committed so far.
    public var rowsCommitted: Int { get async { await sink.rowsCommitted } }

    public func run() async throws {
        let consumer = self.consumer
        try await withGracefulShutdownHandler {
            try await sink.run()
        } onGracefulShutdown: {
            Task { await consumer.close() }
        }
    }
}
