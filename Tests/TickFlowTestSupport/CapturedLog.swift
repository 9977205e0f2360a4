import Logging
import Synchronization

/// Keeps the lines logged through its loggers in memory, for tests that assert on logs or print them on failure.
public final class CapturedLog: Sendable {
    /// One logged line.
    public struct Line: Sendable, CustomStringConvertible {
        public var label: String
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]

        public var description: String {
            let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return "\(level) \(label) \(fields) \(message)"
        }
    }

    private let lines = Mutex<[Line]>([])

    public init() {}

    /// A logger whose lines at `level` and above are captured here.
    public func logger(label: String, level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { label in Handler(label: label, log: self) }
        logger.logLevel = level
        return logger
    }

    /// Every line captured so far, in order.
    public var captured: [Line] { lines.withLock { $0 } }

    fileprivate func append(_ line: Line) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let label: String
        let log: CapturedLog
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            log.append(Line(
                label: label, level: event.level, message: event.message.description,
                metadata: merged.mapValues { "\($0)" }))
        }
    }
}
