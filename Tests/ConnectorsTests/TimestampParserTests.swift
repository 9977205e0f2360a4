import Connectors
import Model
import Testing

@Suite struct TimestampParserTests {
    @Test(arguments: [
        (TimestampFormat.iso8601, "UTC", "2026-11-20T14:30:00.123456789Z", "2026-11-20T14:30:00.123456789Z"),
        (.iso8601, "UTC", "2026-11-20 09:30:00-05:00", "2026-11-20T14:30:00.000000000Z"),
        (.iso8601, "Europe/London", "2026-07-01T09:00:00", "2026-07-01T08:00:00.000000000Z"),
        (.iso8601, "Asia/Tokyo", "2026-01-05T09:00:00.5", "2026-01-05T00:00:00.500000000Z"),
        (.iso8601, "America/New_York", "2026-03-08T03:30:00", "2026-03-08T07:30:00.000000000Z"),  // first EDT hour
        (.fix, "UTC", "20261120-14:30:00.250", "2026-11-20T14:30:00.250000000Z"),
        (.epochSeconds, "UTC", "1795185000.5", "2026-11-20T14:30:00.500000000Z"),
        (.epochMillis, "UTC", "1795185000123", "2026-11-20T14:30:00.123000000Z"),
        (.epochMicros, "UTC", "1795185000123456", "2026-11-20T14:30:00.123456000Z"),
        (.epochNanos, "UTC", "1795185000123456789", "2026-11-20T14:30:00.123456789Z"),
        (.iso8601, "UTC", "2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000000000Z"),
    ])
    func parsesFormatsAndZones(format: TimestampFormat, zone: String, text: String, expected: String) throws {
        let parser = try TimestampParser(format: format, timeZone: zone)
        #expect(Timestamp.iso8601(try parser.parse(text)) == expected)
    }

    @Test(arguments: [
        "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-20T24:00:00Z", "2026-11-20T14:60:00Z",
        "2026-11-20T14:30:00.1234567891Z", "2026-11-20", "3000-01-01T00:00:00Z", "2026-11-20T14:30:00Zjunk", "",
    ])
    func refusesImpossibleTimestamps(text: String) throws {
        let parser = try TimestampParser(format: .iso8601)
        #expect(throws: TimestampParser.Failure.self) { try parser.parse(text) }
    }

    @Test func refusesAnUnknownZone() {
        #expect(throws: ConnectorError.self) { try TimestampParser(format: .iso8601, timeZone: "Mars/Olympus") }
    }

    @Test(arguments: [("189.50", 189.5), ("-0.25", -0.25), ("3", 3.0), ("1e-3", 0.001), ("0.1", 0.1), (".5", 0.5), ("1234567.891", 1234567.891)])
    func parsesNumbersExactly(text: String, expected: Double) {
        var copy = text
        let value = copy.withUTF8 { FastNumber.parseDouble($0) }
        #expect(value == expected)
        #expect(value == Double(text))
    }

    /// The exact fast path ends where the mantissa stops being an exact Double (2^53); on both sides of that edge
    /// and past it (strtod), the result is Swift's own correctly rounded parse.
    @Test(arguments: [
        "9007199254740992", "9007199254740993", "900719925474099.3", "0.9007199254740993", "100.07000000000001",
        "1234567890123456789", "12345678901234567890", "0.0000000000000000001", "-0000000000000000000001.5",
        "+189.5", "-0", "1E5", "-2.5e+2", "1e400", "4.9e-324", "1e-400", "123456789012345678901234567890.5",
    ])
    func matchesSwiftAtAndPastTheExactRange(text: String) {
        var copy = text
        let value = copy.withUTF8 { FastNumber.parseDouble($0) }
        let reference = Double(text)
        #expect(value == reference)
        #expect(value?.sign == reference?.sign)
    }

    @Test(arguments: ["", "abc", "1.2.3", "12a", "nan", "-", "1e", " 1", "1 ", "+", ".", "1e+", "1_000",
                      String(repeating: "1", count: 64)])
    func refusesNonNumbers(text: String) {
        var copy = text
        #expect(copy.withUTF8 { FastNumber.parseDouble($0) } == nil)
    }
}
