import Metrics
import Model
import Stream

/// Publishes feed items: events to their raw topics (keyed as the topic contract says, timestamped with event
/// time), rejects to `dlq.ingest` as ``Model/DeadLetter``s; counts both.
///
/// Counters: `tickflow_ingest_events_total{topic}`, `tickflow_ingest_rejects_total{reason}` and, from the
/// dead-letter router, `tickflow_dead_letters_total{stage="ingest", reason}`. Without a producer (dry run) it only
/// counts and summarises.
public struct IngestSink: Sendable {
    /// The dead-letter topic of the connectors.
    public static let deadLetterTopic = "dlq.ingest"

    private let producer: (any RecordProducer)?
    private let deadLetters: DeadLetterRouter?
    private let metrics: any MetricsFactory
    private let clock: @Sendable () -> Int64
    /// What has gone through so far.
    public private(set) var summary = IngestSummary()

    /// Creates a sink.
    ///
    /// - Parameters:
    ///   - producer: sends events and dead letters; `nil` for a dry run.
    ///   - metrics: where counters go; by default the bootstrapped `MetricsSystem`.
    ///   - clock: stamps dead letters, ns since the epoch.
    public init(
        producer: (any RecordProducer)?, metrics: any MetricsFactory = MetricsSystem.factory,
        clock: @escaping @Sendable () -> Int64 = WallClock.nowNanos
    ) {
        self.producer = producer
        self.metrics = metrics
        self.clock = clock
        self.deadLetters = producer.map { DeadLetterRouter(producer: $0, metrics: metrics, now: clock) }
    }

    /// Whether this sink publishes (`false` for a dry run).
    public var publishes: Bool { producer != nil }

    /// Publishes a batch: events first, as one send, then its dead letters.
    ///
    /// - Throws: ``ConnectorError`` `.publish` when the transport refuses the batch.
    public mutating func write(_ items: [FeedItem]) async throws {
        summary.add(items)
        var records: [OutgoingRecord] = []
        var letters: [DeadLetter] = []
        var perTopic: [String: Int] = [:], perReason: [String: Int] = [:]
        records.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .event(let event):
                perTopic[event.topic, default: 0] += 1
                guard producer != nil else { continue }
                let value: [UInt8]
                do { value = try event.serializedValue() } catch {
                    throw ConnectorError(.publish, "cannot serialize a \(event.typeName) event", underlying: error)
                }
                records.append(OutgoingRecord(
                    topic: event.topic, key: Array(event.key.utf8), value: value, headers: event.headers,
                    timestampMillis: event.eventTimeNanos / 1_000_000))
            case .reject(let reject):
                perReason[reject.reason.rawValue, default: 0] += 1
                if producer != nil { letters.append(reject.deadLetter(failedAt: clock())) }
            }
        }
        if let producer {
            do {
                if !records.isEmpty { try await producer.send(records) }
                if !letters.isEmpty { try await deadLetters?.send(letters) }
            } catch {
                throw ConnectorError(.publish, "cannot publish \(records.count) events and \(letters.count) dead letters", underlying: error)
            }
        }
        for (topic, count) in perTopic {
            Counter(label: "tickflow_ingest_events_total", dimensions: [("topic", topic)], factory: metrics).increment(by: count)
        }
        for (reason, count) in perReason {
            Counter(label: "tickflow_ingest_rejects_total", dimensions: [("reason", reason)], factory: metrics).increment(by: count)
        }
    }

    /// Waits until everything sent is delivered.
    ///
    /// - Throws: ``ConnectorError`` `.publish` on timeout or delivery failure.
    public func flush(timeout: Duration = .seconds(30)) async throws {
        guard let producer else { return }
        do { try await producer.flush(timeout: timeout) } catch {
            throw ConnectorError(.publish, "flush failed", underlying: error)
        }
    }
}
