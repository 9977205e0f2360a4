import Logging
import Model

/// A swift-log handler writing one JSON object per line: `timestamp` (ISO-8601 UTC, nanoseconds), `level`,
/// `label`, `message`, `source`, then every metadata entry as a member of its own (nested lists and
/// dictionaries as JSON arrays and objects), so that a log pipeline can filter on `trace_id`, `error` or any other
/// key without parsing text. The API's request loggers carry `trace_id` (``TraceMiddleware``).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: LogOutput

    /// A handler for the logger `label`.
    ///
    /// - Parameters:
    ///   - level: the lowest level written (default `info`).
    ///   - output: where lines go (default standard error).
    public init(label: String, level: Logger.Level = .info, output: LogOutput = .standardError, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = level
        self.output = output
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error, merged["error"] == nil { merged["error"] = .string("\(error)") }
        var writer = JSONWriter(capacity: 256)
        writer.object { json in
            json.field("timestamp", Timestamp.iso8601(Timestamp.now()))
            json.field("level", event.level.rawValue)
            json.field("label", label)
            json.field("message", event.message.description)
            json.field("source", event.source)
            // Sorted, so that the same event always reads the same.
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) where !Self.reserved.contains(key) {
                json.key(key)
                Self.write(value, to: &json)
            }
        }
        var line = writer.bytes
        line.append(UInt8(ascii: "\n"))
        output.write(line)
    }

    /// Members the handler writes itself; metadata of the same name would make a duplicate key.
    private static let reserved: Set<String> = ["timestamp", "level", "label", "message", "source"]

    private static func write(_ value: Logger.Metadata.Value, to writer: inout JSONWriter) {
        switch value {
        case .string(let text): writer.value(text)
        case .stringConvertible(let convertible): writer.value(convertible.description)
        case .array(let values):
            writer.array { list in
                for element in values { write(element, to: &list) }
            }
        case .dictionary(let entries):
            writer.object { object in
                for (key, element) in entries.sorted(by: { $0.key < $1.key }) {
                    object.key(key)
                    write(element, to: &object)
                }
            }
        }
    }
}
