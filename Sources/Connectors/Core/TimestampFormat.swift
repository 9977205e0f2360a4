import Foundation
import Model

/// How a feed writes its timestamps.
public enum TimestampFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// `YYYY-MM-DD[T| ]HH:MM:SS[.fraction]` with `Z`, `±HH:MM` or no zone (then the feed's time zone applies).
    case iso8601 = "iso8601"
    /// FIX UTCTimestamp `YYYYMMDD-HH:MM:SS[.fraction]`, in the feed's time zone (UTC unless configured).
    case fix = "fix"
    /// Seconds since the Unix epoch, may be fractional.
    case epochSeconds = "epoch-s"
    /// Milliseconds since the Unix epoch.
    case epochMillis = "epoch-ms"
    /// Microseconds since the Unix epoch.
    case epochMicros = "epoch-us"
    /// Nanoseconds since the Unix epoch.
    case epochNanos = "epoch-ns"
}

/// Parses a feed's timestamps into Int64 ns since the epoch, UTC, straight from bytes.
///
/// Local times (no zone in the text) are converted with the configured IANA time zone, daylight saving included;
/// a DST gap's local times map one offset early.
public struct TimestampParser: Sendable {
    /// The format.
    public let format: TimestampFormat
    /// The zone of local times, e.g. `America/New_York`; `nil` for UTC.
    public let timeZone: TimeZone?

    /// Creates a parser.
    ///
    /// - Parameters:
    ///   - format: the format.
    ///   - timeZone: an IANA zone name such as `America/New_York`, or `UTC`.
    /// - Throws: ``ConnectorError`` `.configuration` for an unknown zone.
    public init(format: TimestampFormat, timeZone: String = "UTC") throws {
        self.format = format
        if timeZone == "UTC" || timeZone == "Z" || timeZone.isEmpty {
            self.timeZone = nil
        } else {
            guard let zone = TimeZone(identifier: timeZone) else {
                throw ConnectorError(.configuration, "unknown time zone \"\(timeZone)\" (use an IANA name like America/New_York)")
            }
            self.timeZone = zone
        }
    }

    /// The reason a timestamp was refused.
    public struct Failure: Error, Sendable { public let reason: String }

    /// Parses one timestamp.
    ///
    /// - Throws: ``Failure`` saying what is wrong (an impossible date, a wrong shape, out of the Int64 range).
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> Int64 {
        switch format {
        case .iso8601: return try parseCivil(bytes, compact: false)
        case .fix: return try parseCivil(bytes, compact: true)
        case .epochSeconds: return try epoch(bytes, scale: 1_000_000_000)
        case .epochMillis: return try epoch(bytes, scale: 1_000_000)
        case .epochMicros: return try epoch(bytes, scale: 1_000)
        case .epochNanos: return try epoch(bytes, scale: 1)
        }
    }

    /// Parses a timestamp given as text.
    public func parse(_ text: String) throws(Failure) -> Int64 {
        var copy = text
        do {
            return try copy.withUTF8 { buffer in try parse(buffer) }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(reason: "\(error)")
        }
    }

    private func epoch(_ bytes: UnsafeBufferPointer<UInt8>, scale: Int64) throws(Failure) -> Int64 {
        guard let number = FastNumber.parseDouble(bytes) else {
            throw Failure(reason: "\"\(String(decoding: bytes, as: UTF8.self))\" is not a number")
        }
        if scale == 1, let exact = FastNumber.parseInt(bytes) { return exact }
        let nanos = (number * Double(scale)).rounded()
        guard nanos.isFinite, abs(nanos) < 9.2e18 else { throw Failure(reason: "outside the Int64 nanosecond range") }
        if scale > 1, let whole = FastNumber.parseInt(bytes) {
            let (value, overflow) = whole.multipliedReportingOverflow(by: scale)
            if !overflow { return value }
        }
        return Int64(nanos)
    }

    private func parseCivil(_ b: UnsafeBufferPointer<UInt8>, compact: Bool) throws(Failure) -> Int64 {
        var i = 0
        func fail(_ reason: String) -> Failure {
            Failure(reason: "\"\(String(decoding: b, as: UTF8.self))\" is not a valid \(format.rawValue) timestamp: \(reason)")
        }
        @inline(__always) func digits(_ count: Int) throws(Failure) -> Int64 {
            var value: Int64 = 0
            for _ in 0..<count {
                guard i < b.count, b[i] >= 48, b[i] <= 57 else { throw fail("expected a digit at offset \(i)") }
                value = value * 10 + Int64(b[i] - 48)
                i += 1
            }
            return value
        }
        // Fixed arities, not a variadic list: that would build an array per separator on the hot path.
        @inline(__always) func expect(_ character: UInt8, or other: UInt8? = nil, or third: UInt8? = nil) throws(Failure) {
            guard i < b.count, b[i] == character || b[i] == other || b[i] == third else {
                throw fail("unexpected character at offset \(i)")
            }
            i += 1
        }
        let year = try digits(4)
        if !compact { try expect(45) }
        let month = try digits(2)
        if !compact { try expect(45) }
        let day = try digits(2)
        if compact { try expect(45) } else { try expect(84, or: 116, or: 32) }
        let hour = try digits(2)
        try expect(58)
        let minute = try digits(2)
        try expect(58)
        let second = try digits(2)
        var fraction: Int64 = 0
        if i < b.count, b[i] == 46 {
            i += 1
            var count = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                guard count < 9 else { throw fail("more than 9 fractional digits") }
                fraction = fraction * 10 + Int64(b[i] - 48)
                count += 1
                i += 1
            }
            guard count > 0 else { throw fail("no digits after '.'") }
            for _ in count..<9 { fraction *= 10 }
        }
        var offset: Int64? = nil
        if i < b.count {
            if b[i] == 90 || b[i] == 122 {
                offset = 0
                i += 1
            } else if b[i] == 43 || b[i] == 45 {
                let sign: Int64 = b[i] == 45 ? -1 : 1
                i += 1
                let hours = try digits(2)
                if i < b.count, b[i] == 58 { i += 1 }
                let minutes = try digits(2)
                guard hours < 24, minutes < 60 else { throw fail("zone offset out of range") }
                offset = sign * (hours * 3600 + minutes * 60)
            }
        }
        guard i == b.count else { throw fail("unexpected trailing characters") }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else {
            throw fail("no such date \(year)-\(month)-\(day)")
        }
        guard hour < 24, minute < 60, second < 60 else { throw fail("no such time \(hour):\(minute):\(second)") }
        guard (1678...2261).contains(year) else { throw fail("year \(year) is outside the Int64 nanosecond range (1678-2262)") }
        let localSeconds = Self.daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        let utcSeconds = localSeconds - (offset ?? zoneOffset(localSeconds: localSeconds))
        return utcSeconds * 1_000_000_000 + fraction
    }

    /// The zone's UTC offset in seconds at a local time.
    private func zoneOffset(localSeconds: Int64) -> Int64 {
        guard let timeZone else { return 0 }
        // Offset at the UTC instant one guess away, then corrected once: exact except inside a DST gap.
        let guess = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(localSeconds))))
        return Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(localSeconds - guess))))
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
