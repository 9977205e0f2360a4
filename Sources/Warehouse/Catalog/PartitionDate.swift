import Model

/// A table partition: one UTC day, written `YYYY-MM-DD` (the `date=` directory).
public struct PartitionDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var day: Int64

    /// The partition of a day number.
    public init(day: Int64) { self.day = day }

    /// The partition holding an event time.
    public init(nanos: Int64) { day = Timestamp.floor(nanos, toMultipleOf: Timestamp.nanosPerDay) / Timestamp.nanosPerDay }

    /// Parses `YYYY-MM-DD`.
    ///
    /// - Throws: ``WarehouseError`` (`.invalidArgument`) for anything else.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else {
            throw WarehouseError(.invalidArgument, "\"\(text)\" is not a date YYYY-MM-DD")
        }
        // Days from civil (Howard Hinnant's algorithm).
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        day = era * 146_097 + doe - 719_468
        guard description == text else { throw WarehouseError(.invalidArgument, "\"\(text)\" is not a calendar date") }
    }

    /// Nanoseconds at the start of the day.
    public var startNanos: Int64 { day * Timestamp.nanosPerDay }
    /// Nanoseconds at the start of the next day.
    public var endNanos: Int64 { (day + 1) * Timestamp.nanosPerDay }

    public var description: String {
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public static func < (a: PartitionDate, b: PartitionDate) -> Bool { a.day < b.day }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
