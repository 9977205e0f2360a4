import CRdKafka
import Foundation
import Logging
import Synchronization

/// Routes one client's librdkafka log lines into swift-log, as structured lines of the process's own log.
///
/// librdkafka writes its logs to stderr from its own threads unless `log.queue` is set (which
/// ``KafkaClientConfiguration`` always does); then they wait in a queue until one is named with
/// `rd_kafka_set_log_queue`. This drain names its own queue and a thread of its own empties it, so logs flow
/// whether or not the application is reading from the client.
final class KafkaLogDrain: @unchecked Sendable {
    private let queue: OpaquePointer
    private let running = Atomic<Bool>(true)
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts draining the logs of `client` into `logger`.
    init(client: OpaquePointer, logger: Logger) {
        queue = rd_kafka_queue_new(client)
        rd_kafka_set_log_queue(client, queue)
        let name = String(cString: rd_kafka_name(client))
        // The thread holds the drain, not the client's owner, whose deinit stops it.
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) {
                guard let event = rd_kafka_queue_poll(queue, 1_000) else { continue }
                if rd_kafka_event_type(event) == RD_KAFKA_EVENT_LOG {
                    Self.forward(event, client: name, to: logger)
                }
                rd_kafka_event_destroy(event)
            }
            stopped.signal()
        }
        thread.name = "kafka.log"
        thread.start()
    }

    /// Stops the thread and waits for it (it wakes at once); lines logged afterwards are dropped with the client.
    func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        rd_kafka_queue_yield(queue)
        stopped.wait()
        rd_kafka_queue_destroy(queue)
    }

    private static func forward(_ event: OpaquePointer, client: String, to logger: Logger) {
        var facility: UnsafePointer<CChar>?
        var text: UnsafePointer<CChar>?
        var level: Int32 = 0
        guard rd_kafka_event_log(event, &facility, &text, &level) == 0, let text else { return }
        logger.log(
            level: Self.level(syslog: level), "librdkafka: \(String(cString: text))",
            metadata: ["client": .string(client), "facility": .string(facility.map { String(cString: $0) } ?? "")])
    }

    /// librdkafka's levels are syslog's: 0–2 emergency to critical, 3 error, 4 warning, 5 notice, 6 info, 7 debug.
    static func level(syslog: Int32) -> Logger.Level {
        switch syslog {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    }
}
