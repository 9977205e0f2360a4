import Foundation

/// Log returns `rₜ = ln(pₜ / pₜ₋₁)` of one instrument, fed one price at a time.
public struct LogReturns: Sendable, Equatable, Codable {
    /// The last accepted price; `nil` before the first.
    public private(set) var lastPrice: Double?

    /// An empty state.
    public init() {}

    /// Accepts a price and returns the log return since the previous one (`nil` for the first price).
    /// - Throws: `AnalyticsError.invalidInput` for a price that is not finite and positive; the state is kept.
    public mutating func update(price: Double) throws -> Double? {
        guard price.isFinite, price > 0 else {
            throw AnalyticsError(.invalidInput, context: "LogReturns.update", "price \(price) is not finite and positive")
        }
        defer { lastPrice = price }
        return lastPrice.map { Foundation.log(price / $0) }
    }

    /// The log returns of a price series (`prices.count − 1` values).
    /// - Throws: `AnalyticsError.invalidInput` naming the index of the first invalid price.
    public static func of(_ prices: [Double]) throws -> [Double] {
        var state = LogReturns()
        var returns: [Double] = []
        returns.reserveCapacity(max(prices.count - 1, 0))
        for (index, price) in prices.enumerated() {
            do {
                if let r = try state.update(price: price) { returns.append(r) }
            } catch var error as AnalyticsError {
                error.context = "LogReturns.of[\(index)]"
                throw error
            }
        }
        return returns
    }
}
