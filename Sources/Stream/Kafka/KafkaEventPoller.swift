import CRdKafka
import Foundation
import Synchronization

/// A thread that drains one librdkafka queue and hands each event to Swift code.
///
/// librdkafka enqueues; this thread dequeues. It holds the queue (and through it the handle) until it stops,
/// so the handle is destroyed only once nobody can poll it any more.
final class KafkaEventPoller: Sendable {
    private let running = Atomic<Bool>(true)
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts polling `queue` on a new thread, passing each event to `handle` and then destroying it.
    init(name: String, queue: KafkaQueue, handle: @escaping @Sendable (OpaquePointer) -> Void) {
        // The thread keeps the poller (and the queue) alive until it has seen the stop flag.
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) {
                guard let event = queue.poll(timeoutMillis: 100) else { continue }
                handle(event)
                rd_kafka_event_destroy(event)
            }
            stopped.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Asks the thread to stop; it does within one poll interval.
    func stop() {
        running.store(false, ordering: .relaxed)
    }

    /// Stops the thread and waits until it has.
    func stopAndWait() async {
        guard running.exchange(false, ordering: .relaxed) else { return }
        let stopped = self.stopped
        _ = try? await KafkaBlocking.run { stopped.wait() }
    }
}
