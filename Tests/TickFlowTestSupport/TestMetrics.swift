import Metrics
import Synchronization

/// A metrics backend that keeps counter values in memory, by label and dimensions.
public final class TestMetrics: MetricsFactory {
    /// Creates an empty backend.
    public init() {}

    public final class TestCounter: CounterHandler {
        let value = Atomic<Int64>(0)
        public func increment(by amount: Int64) { value.add(amount, ordering: .relaxed) }
        public func reset() { value.store(0, ordering: .relaxed) }
    }

    public final class Ignored: RecorderHandler, TimerHandler {
        public func record(_ value: Int64) {}
        public func record(_ value: Double) {}
        public func recordNanoseconds(_ duration: Int64) {}
    }

    /// Keeps the last value recorded (what a gauge reports).
    public final class TestRecorder: RecorderHandler {
        let last = Mutex<Double?>(nil)
        public func record(_ value: Int64) { last.withLock { $0 = Double(value) } }
        public func record(_ value: Double) { last.withLock { $0 = value } }
    }

    private let counters = Mutex<[String: TestCounter]>([:])
    private let recorders = Mutex<[String: TestRecorder]>([:])

    /// The last value recorded by the recorder or gauge with this label and these dimensions (`nil` if none was).
    public func recordedValue(_ label: String, _ dimensions: [(String, String)]) -> Double? {
        recorders.withLock { $0[Self.key(label, dimensions)] }?.last.withLock { $0 }
    }

    static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        ([label] + dimensions.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }).joined(separator: ",")
    }

    /// The value of the counter with this label and these dimensions (0 if it was never made).
    public func counterValue(_ label: String, _ dimensions: [(String, String)]) -> Int64 {
        counters.withLock { $0[Self.key(label, dimensions)]?.value.load(ordering: .relaxed) ?? 0 }
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        counters.withLock { counters in
            let key = Self.key(label, dimensions)
            if let existing = counters[key] { return existing }
            let counter = TestCounter()
            counters[key] = counter
            return counter
        }
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        recorders.withLock { recorders in
            let key = Self.key(label, dimensions)
            if let existing = recorders[key] { return existing }
            let recorder = TestRecorder()
            recorders[key] = recorder
            return recorder
        }
    }
    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { Ignored() }
    public func destroyCounter(_ handler: any CounterHandler) {}
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    public func destroyTimer(_ handler: any TimerHandler) {}
}
