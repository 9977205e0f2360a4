import Logging

/// How a TickFlow process logs, from its environment: `TICKFLOW_LOG_FORMAT` is `json` (the default: one
/// object per line, ``JSONLogHandler``) or `text` (swift-log's plain lines); `TICKFLOW_LOG_LEVEL` is a swift-log
/// level (`trace` … `critical`, default `info`).
public enum LogFormat: String, Sendable {
    case json, text

    /// Bootstraps swift-log's `LoggingSystem` for the process with ``handlers(environment:)``; call once, first thing.
    ///
    /// - Returns: a warning for a value that was not understood (then its default is used), nil otherwise.
    @discardableResult
    public static func bootstrap(environment: [String: String]) -> String? {
        let (make, warning) = handlers(environment: environment)
        LoggingSystem.bootstrap(make)
        return warning
    }

    /// The log handlers the environment asks for, and a warning for a value that was not understood.
    public static func handlers(environment: [String: String]) -> (make: @Sendable (String) -> any LogHandler, warning: String?) {
        var warnings: [String] = []
        var format = LogFormat.json, level = Logger.Level.info
        if let name = environment["TICKFLOW_LOG_FORMAT"] {
            if let parsed = LogFormat(rawValue: name.lowercased()) { format = parsed } else { warnings.append("TICKFLOW_LOG_FORMAT=\(name) is not json or text: using json") }
        }
        if let name = environment["TICKFLOW_LOG_LEVEL"] {
            if let parsed = Logger.Level(rawValue: name.lowercased()) { level = parsed } else { warnings.append("TICKFLOW_LOG_LEVEL=\(name) is not a log level: using info") }
        }
        let make: @Sendable (String) -> any LogHandler = { [format, level] label in
            switch format {
            case .json: return JSONLogHandler(label: label, level: level)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        return (make, warnings.isEmpty ? nil : warnings.joined(separator: "; "))
    }
}
