import Foundation
import Testing

@testable import Model

@Suite struct TimestampTests {
    /// 2024-03-15T14:30:00.123456789Z, a US session timestamp with full nanosecond precision.
    let sessionNanos: Int64 = 1_710_513_000_123_456_789

    @Test func formatsNanosecondsAsISO8601() {
        #expect(Timestamp.iso8601(sessionNanos) == "2024-03-15T14:30:00.123456789Z")
        #expect(Timestamp.iso8601(0) == "1970-01-01T00:00:00.000000000Z")
        #expect(Timestamp.iso8601(-1) == "1969-12-31T23:59:59.999999999Z")
        #expect(Timestamp.iso8601(951_782_400 * Timestamp.nanosPerSecond) == "2000-02-29T00:00:00.000000000Z")
        #expect(Timestamp.iso8601(Int64.max) == "2262-04-11T23:47:16.854775807Z")
    }

    @Test func parsesWhatItFormatsAndOffsets() throws {
        #expect(try Timestamp.parseISO8601("2024-03-15T14:30:00.123456789Z") == sessionNanos)
        #expect(try Timestamp.parseISO8601("2024-03-15T10:30:00.123456789-04:00") == sessionNanos)
        #expect(try Timestamp.parseISO8601("2024-03-15 14:30:00Z") == sessionNanos - 123_456_789)
        #expect(try Timestamp.parseISO8601("2024-03-15T14:30:00.5Z") == sessionNanos - 123_456_789 + 500_000_000)
        for nanos: Int64 in [0, -1, 1_704_067_200_000_000_000, 4_102_444_799_999_999_999, sessionNanos] {
            #expect(try Timestamp.parseISO8601(Timestamp.iso8601(nanos)) == nanos)
        }
    }

    @Test(arguments: [
        "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-03-15T24:00:00Z", "2024-03-15T14:30:00",
        "2024-03-15T14:30:00.1234567891Z", "2024-3-15T14:30:00Z", "2024-03-15T14:30:00Zjunk", "2300-01-01T00:00:00Z", "",
    ])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: ModelError.self) { try Timestamp.parseISO8601(text) }
        do {
            _ = try Timestamp.parseISO8601(text)
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.message.contains("ISO-8601"))
        }
    }

    @Test func convertsToAndFromDateAtMicrosecondPrecision() {
        let date = Timestamp.date(fromNanos: sessionNanos)
        #expect(abs(date.timeIntervalSince1970 - 1_710_513_000.123456789) < 1e-6)
        #expect(Timestamp.nanos(from: date) == 1_710_513_000_123_457_000)
        #expect(Timestamp.nanos(from: Date(timeIntervalSince1970: -1.5)) == -1_500_000_000)
    }

    @Test func floorsToWindowStarts() {
        #expect(Timestamp.floor(sessionNanos, toMultipleOf: Timestamp.nanosPerMinute) == 1_710_513_000_000_000_000)
        #expect(Timestamp.floor(sessionNanos, toMultipleOf: Timestamp.nanosPerDay) == 1_710_460_800_000_000_000)
        #expect(Timestamp.floor(-1, toMultipleOf: Timestamp.nanosPerSecond) == -1_000_000_000)
    }

    @Test func nowIsCloseToFoundationsClock() {
        let foundation = Timestamp.nanos(from: Date())
        #expect(abs(Timestamp.now() - foundation) < 5 * Timestamp.nanosPerSecond)
    }
}
