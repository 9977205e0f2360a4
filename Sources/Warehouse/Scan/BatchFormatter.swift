import Foundation
import Model

/// Prints scan batches as CSV (with a header) or JSON lines. Timestamps are ISO 8601 UTC with nanoseconds;
/// decimals keep every digit (a JSON string), UUIDs print in canonical form.
public enum BatchFormatter {
    /// The output formats.
    public enum Format: String, Sendable, CaseIterable {
        case csv, json
    }

    /// The header line of CSV output.
    public static func csvHeader(_ schema: Schema) -> String {
        schema.columns.map { csvField($0.name) }.joined(separator: ",")
    }

    /// The lines of a batch.
    public static func lines(_ batch: RecordBatch, format: Format) -> [String] {
        (0..<batch.count).map { row in
            switch format {
            case .csv:
                return batch.columns.map { column in
                    let value = column.value(at: row)
                    return value == .null ? "" : csvField(text(value, column.spec.type))
                }.joined(separator: ",")
            case .json:
                let fields = batch.columns.map { column -> String in
                    let value = column.value(at: row)
                    let json: String
                    switch value {
                    case .null: json = "null"
                    case .int64 where column.spec.type == .int64, .double, .bool:
                        if case .double(let d) = value, !d.isFinite { json = "null" } else { json = value.description }
                    default: json = jsonString(text(value, column.spec.type))
                    }
                    return "\(jsonString(column.name)):\(json)"
                }
                return "{\(fields.joined(separator: ","))}"
            }
        }
    }

    static func text(_ value: ScalarValue, _ type: ColumnType) -> String {
        switch (value, type) {
        case (.int64(let nanos), .timestampNanos): Timestamp.iso8601(nanos)
        case (.bytes(let bytes), .uuid) where bytes.count == 16:
            UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                        bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15])).uuidString.lowercased()
        default: value.description
        }
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
