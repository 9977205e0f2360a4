import Model
import Stream
import TickFlowTestSupport

/// A seeded stream of realistic ticks: trades (and some quotes) of US equities and EUR/GBP/JPY bonds, FX rates
/// every 250 ms, delivered out of order within a bound.
struct TickScenario {
    static let symbols = ["AAPL", "MSFT", "NVDA", "DE10Y", "GB10Y", "JP10Y"]
    static let fxPairs: [(String, String, Double)] = [("EUR", "USD", 1.08), ("GBP", "USD", 1.27), ("USD", "JPY", 150)]

    /// Ticks in event-time order (FX included), each with the delay it arrives with.
    var timeline: [(input: TickInput, delay: Int64)] = []

    /// - Parameters:
    ///   - ticks: market events to make.
    ///   - spacing: mean event-time spacing of ticks.
    ///   - maxDelay: arrival delays are uniform in `0..<maxDelay` (0: in order).
    init(seed: UInt64, ticks: Int, spacing: Int64 = 40 * Timestamp.nanosPerMillisecond, maxDelay: Int64, quoteShare: Double = 0.2) {
        var random = SplitMix64(seed: seed)
        var prices = Dictionary(uniqueKeysWithValues: Self.symbols.map { ($0, TickFixtures.instrument($0).assetClass == .bond ? 98.0 : 200.0) })
        var rates = Self.fxPairs.map(\.2)
        let t0 = TickFixtures.t0
        var nextFX = t0 - Timestamp.nanosPerSecond
        var time = t0
        var events: [(TickInput, Int64)] = []
        for index in 0..<ticks {
            time += Int64.random(in: 1...(2 * spacing), using: &random)
            while nextFX <= time {
                for (pair, (base, quote, _)) in Self.fxPairs.enumerated() {
                    rates[pair] *= 1 + Double.random(in: -0.0005...0.0005, using: &random)
                    events.append((.fx(TickFixtures.fx(base, quote, rates[pair], at: nextFX)), 0))
                }
                nextFX += 250 * Timestamp.nanosPerMillisecond
            }
            let symbol = Self.symbols[Int.random(in: 0..<Self.symbols.count, using: &random)]
            prices[symbol]! *= 1 + Double.random(in: -0.001...0.001, using: &random)
            let price = (prices[symbol]! * 100).rounded() / 100
            let delay = maxDelay > 0 ? Int64.random(in: 0..<maxDelay, using: &random) : 0
            if Double.random(in: 0..<1, using: &random) < quoteShare {
                events.append((.market(TickFixtures.quote(symbol, bid: price - 0.01, ask: price + 0.01, at: time, sequence: UInt64(index + 1))), delay))
            } else {
                let quantity = Double(Int.random(in: 1...50, using: &random) * 100)
                events.append((.market(TickFixtures.trade(symbol, price, quantity, at: time, id: "T\(index)")), delay))
            }
        }
        timeline = events
    }

    /// The inputs in arrival order: by event time plus delay (FX has none), ties in event-time order.
    var arrivals: [TickInput] {
        timeline.enumerated()
            .sorted { ($0.element.input.eventTimeNanos + $0.element.delay, $0.offset) < ($1.element.input.eventTimeNanos + $1.element.delay, $1.offset) }
            .map(\.element.input)
    }
}
