import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Helpers for TickFlow's time representation: `Int64` nanoseconds since the Unix epoch, UTC.
///
/// The range covers years 1678 to 2262. ISO-8601 text is always UTC with nine fractional digits,
/// e.g. `2024-03-15T14:30:00.123456789Z`, so that text order matches time order.
public enum Timestamp {
    /// Nanoseconds in one microsecond.
    public static let nanosPerMicrosecond: Int64 = 1_000
    /// Nanoseconds in one millisecond.
    public static let nanosPerMillisecond: Int64 = 1_000_000
    /// Nanoseconds in one second.
    public static let nanosPerSecond: Int64 = 1_000_000_000
    /// Nanoseconds in one minute.
    public static let nanosPerMinute: Int64 = 60 * nanosPerSecond
    /// Nanoseconds in one hour.
    public static let nanosPerHour: Int64 = 60 * nanosPerMinute
    /// Nanoseconds in one day (86 400 s; UTC has no leap seconds in this representation).
    public static let nanosPerDay: Int64 = 24 * nanosPerHour

    /// The current wall-clock time in nanoseconds since the epoch.
    public static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * nanosPerSecond + Int64(spec.tv_nsec)
    }

    /// Converts a `Date` to nanoseconds since the epoch, rounded to the nearest microsecond
    /// (a `Date` is a `Double` and does not hold nanoseconds exactly).
    public static func nanos(from date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let micros = ((seconds - whole) * 1_000_000).rounded()
        return Int64(whole) * nanosPerSecond + Int64(micros) * nanosPerMicrosecond
    }

    /// Converts nanoseconds since the epoch to a `Date` (to the precision of a `Double`).
    public static func date(fromNanos nanos: Int64) -> Date {
        let (seconds, remainder) = floorDivide(nanos, nanosPerSecond)
        return Date(timeIntervalSince1970: Double(seconds) + Double(remainder) / Double(nanosPerSecond))
    }

    /// The start of the window of length `interval` containing `nanos`: the largest multiple of
    /// `interval` not greater than `nanos` (correct for times before the epoch too).
    public static func floor(_ nanos: Int64, toMultipleOf interval: Int64) -> Int64 {
        precondition(interval > 0, "interval must be > 0")
        return floorDivide(nanos, interval).quotient * interval
    }

    /// Formats nanoseconds since the epoch as ISO-8601 UTC with nine fractional digits,
    /// e.g. `2024-03-15T14:30:00.123456789Z`.
    public static func iso8601(_ nanos: Int64) -> String {
        let (days, nanosOfDay) = floorDivide(nanos, nanosPerDay)
        let (year, month, day) = civilDate(fromDaysSinceEpoch: days)
        let secondsOfDay = nanosOfDay / nanosPerSecond
        let fraction = nanosOfDay % nanosPerSecond
        return pad(year, 4) + "-" + pad(Int64(month), 2) + "-" + pad(Int64(day), 2)
            + "T" + pad(secondsOfDay / 3600, 2) + ":" + pad(secondsOfDay / 60 % 60, 2) + ":"
            + pad(secondsOfDay % 60, 2) + "." + pad(fraction, 9) + "Z"
    }

    /// Parses an ISO-8601 date-time with an offset: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`,
    /// with up to nine fractional digits (a space may replace the `T`).
    ///
    /// - Throws: ``ModelError`` with code ``ModelError/Code/invalidValue`` naming what is wrong.
    public static func parseISO8601(_ text: String) throws(ModelError) -> Int64 {
        var scanner = Scanner(bytes: Array(text.utf8), text: text)
        let year = try scanner.number(digits: 4, "year")
        try scanner.expect("-")
        let month = try scanner.number(digits: 2, "month")
        try scanner.expect("-")
        let day = try scanner.number(digits: 2, "day")
        try scanner.expect(oneOf: "T", "t", " ")
        let hour = try scanner.number(digits: 2, "hour")
        try scanner.expect(":")
        let minute = try scanner.number(digits: 2, "minute")
        try scanner.expect(":")
        let second = try scanner.number(digits: 2, "second")
        var fraction: Int64 = 0
        if scanner.peek(".") {
            try scanner.expect(".")
            var count = 0
            while let digit = scanner.digit() {
                count += 1
                if count > 9 { throw scanner.failure("more than 9 fractional digits") }
                fraction = fraction * 10 + digit
            }
            if count == 0 { throw scanner.failure("no digits after '.'") }
            for _ in count..<9 { fraction *= 10 }
        }
        var offsetSeconds: Int64 = 0
        if scanner.peek("Z") || scanner.peek("z") {
            try scanner.expect(oneOf: "Z", "z")
        } else {
            let sign: Int64 = scanner.peek("-") ? -1 : 1
            try scanner.expect(oneOf: "+", "-")
            let offsetHours = try scanner.number(digits: 2, "offset hours")
            try scanner.expect(":")
            let offsetMinutes = try scanner.number(digits: 2, "offset minutes")
            if offsetHours > 23 || offsetMinutes > 59 { throw scanner.failure("offset out of range") }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        if !scanner.atEnd { throw scanner.failure("unexpected trailing characters") }
        guard (1...12).contains(month), (1...daysIn(month: Int(month), year: year)).contains(Int(day)),
            hour < 24, minute < 60, second < 60
        else { throw scanner.failure("date or time field out of range") }

        let days = daysSinceEpoch(year: year, month: Int(month), day: Int(day))
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: nanosPerSecond)
        let (total, overflow2) = scaled.addingReportingOverflow(fraction)
        if overflow || overflow2 { throw scanner.failure("outside the Int64 nanosecond range (1678-2262)") }
        return total
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, UTC)

    /// Days since 1970-01-01 of a civil date.
    static func daysSinceEpoch(year: Int64, month: Int, day: Int) -> Int64 {
        // Count from 0000-03-01 so that the leap day is the last day of a year.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400).quotient
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a number of days since 1970-01-01.
    static func civilDate(fromDaysSinceEpoch days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1)
        let month = Int(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func daysIn(month: Int, year: Int64) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
        return value < 0 ? "-" + padded : padded
    }

    /// A cursor over the UTF-8 bytes of an ISO-8601 string.
    private struct Scanner {
        let bytes: [UInt8]
        let text: String
        var index = 0

        init(bytes: [UInt8], text: String) {
            self.bytes = bytes
            self.text = text
        }

        var atEnd: Bool { index == bytes.count }

        func failure(_ reason: String) -> ModelError {
            ModelError(.invalidValue, "\"\(text)\" is not an ISO-8601 date-time: \(reason) (at offset \(index))")
        }

        func peek(_ character: Unicode.Scalar) -> Bool {
            index < bytes.count && bytes[index] == UInt8(ascii: character)
        }

        mutating func expect(_ character: Unicode.Scalar) throws(ModelError) {
            guard peek(character) else { throw failure("expected '\(character)'") }
            index += 1
        }

        mutating func expect(oneOf characters: Unicode.Scalar...) throws(ModelError) {
            guard let match = characters.first(where: { peek($0) }) else {
                throw failure("expected one of \(characters.map { "'\($0)'" }.joined(separator: ", "))")
            }
            try expect(match)
        }

        mutating func digit() -> Int64? {
            guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { return nil }
            defer { index += 1 }
            return Int64(bytes[index] - 48)
        }

        mutating func number(digits count: Int, _ name: String) throws(ModelError) -> Int64 {
            var value: Int64 = 0
            for _ in 0..<count {
                guard let digit = digit() else { throw failure("expected \(count) digits for the \(name)") }
                value = value * 10 + digit
            }
            return value
        }
    }
}
