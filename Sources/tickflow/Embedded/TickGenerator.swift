import Model
import Stream

/// A deterministic stream of equity trades for the embedded run until the [Connectors] simulator lands:
/// a seeded random walk per instrument, the same sequence on every start.
struct TickGenerator: Sendable {
    static let universe: [(symbol: String, price: Double)] = [
        ("AAPL", 189.43), ("MSFT", 377.85), ("NVDA", 487.16), ("AMZN", 146.09), ("GOOGL", 136.97),
        ("META", 334.92), ("JPM", 155.73), ("XOM", 104.06), ("JNJ", 155.36), ("PG", 146.17),
    ]

    let seed: UInt64

    /// The `index`-th trade of the sequence; pure, so a restart can regenerate exactly what it had produced.
    func trade(_ index: Int, prices: inout [Double]) -> Trade {
        var state = seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {  // splitmix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let slot = index % Self.universe.count
        let step = (Double(next() % 2001) / 1000 - 1) * 0.0005
        prices[slot] *= 1 + step
        let eventTime = 1_763_683_200_000_000_000 + Int64(index) * 1_000_000
        let symbol = Self.universe[slot].symbol
        return Trade(
            instrumentId: "us-eq-\(symbol.lowercased())", symbol: symbol, venue: "XNAS",
            price: (prices[slot] * 100).rounded() / 100, quantity: Double(100 * (1 + next() % 10)), currency: "USD",
            aggressorSide: next() % 2 == 0 ? .buy : .sell, tradeId: "sim-\(index)", sequence: UInt64(index),
            eventTimeNanos: eventTime, ingestTimeNanos: eventTime)
    }
}
