/// The running count and sum of prices of one instrument.
struct RunningStats: Codable, Sendable, Hashable {
    var count: Int = 0
    var sum: Double = 0
}
