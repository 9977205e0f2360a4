import Model

/// A time range from a request's `from` and `to` query parameters (ISO-8601 date-times): a performance period, a bars range.
///
/// `to` defaults to now, `from` to `defaultLength` (30 days unless given) before `to`; `from` must be before `to`. A `to` in the future is
/// allowed: the latest prices are the ones at or before it.
struct PerformancePeriod: Sendable, Hashable {
    /// The default length of a period.
    static let defaultLength: Int64 = 30 * Timestamp.nanosPerDay

    var fromNanos: Int64
    var toNanos: Int64

    /// Parses the parameters.
    ///
    /// - Throws: ``ServingError`` `validation` naming `from` or `to`.
    init(from: String?, to: String?, now: Int64 = Timestamp.now(), defaultLength: Int64 = Self.defaultLength) throws(ServingError) {
        toNanos = try to.map { text throws(ServingError) in try Self.parse(text, field: "to") } ?? now
        if let from {
            fromNanos = try Self.parse(from, field: "from")
        } else {
            let (start, overflow) = toNanos.subtractingReportingOverflow(defaultLength)
            fromNanos = overflow ? .min : start
        }
        guard fromNanos < toNanos else {
            throw ServingError(.validation, field: "from", "from (\(Timestamp.iso8601(fromNanos))) must be before to (\(Timestamp.iso8601(toNanos)))")
        }
    }

    private static func parse(_ text: String, field: String) throws(ServingError) -> Int64 {
        do {
            return try Timestamp.parseISO8601(text)
        } catch {
            throw ServingError(.validation, field: field, "\(field) must be an ISO-8601 date-time such as 2026-01-31T00:00:00Z: \(error.message)")
        }
    }
}
