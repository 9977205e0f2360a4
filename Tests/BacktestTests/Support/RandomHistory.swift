import Foundation
import Model

/// A seeded random-walk session: trades every 2–4 s and quotes every 4–6 s per instrument, EUR/USD every second
/// (for EUR instruments), in event-time order, with no two events at the same time.
struct RandomHistory {
    var trades: [Trade] = []
    var quotes: [Quote] = []
    var rates: [FXRate] = []

    /// Every event as a market event or a rate, in event-time order.
    var events: [(time: Int64, value: Either)] {
        (trades.map { ($0.eventTimeNanos, Either.market(.trade($0))) } + quotes.map { ($0.eventTimeNanos, Either.market(.quote($0))) }
            + rates.map { ($0.eventTimeNanos, Either.fx($0)) }).sorted { $0.0 < $1.0 }
    }

    enum Either {
        case market(MarketEvent)
        case fx(FXRate)
    }

    init(symbols: [String: Double], minutes: Int, seed: UInt64) {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        let t0 = BacktestFixtures.t0, end = t0 + Int64(minutes) * BacktestFixtures.minute, ms = Timestamp.nanosPerMillisecond
        var lane: Int64 = 0
        for (symbol, start) in symbols.sorted(by: { $0.key < $1.key }) {
            lane += 1
            var price = start, time = t0 + lane * 7 * ms, quoteTime = t0 + lane * 11 * ms, sequence: UInt64 = 0
            while time < end {
                price = max(1, price * (1 + (Double(next() % 2001) - 1000) / 400_000))
                let rounded = (price * 100).rounded() / 100
                sequence += 1
                trades.append(BacktestFixtures.trade(symbol, rounded, Double(1 + next() % 20) * 50, at: time, sequence: sequence))
                while quoteTime < time {
                    sequence += 1
                    quotes.append(BacktestFixtures.quote(symbol, bid: rounded - 0.02, ask: rounded + 0.02, at: quoteTime, sequence: sequence))
                    quoteTime += Int64(4_000 + next() % 2_000) * ms + 3 * ms
                }
                time += Int64(2_000 + next() % 2_000) * ms + 5 * ms
            }
        }
        if symbols.keys.contains(where: { BacktestFixtures.instrument($0).currency == "EUR" }) {
            var rate = 1.08, time = t0 - BacktestFixtures.second
            while time < end + 5 * BacktestFixtures.second {
                rate *= 1 + (Double(next() % 2001) - 1000) / 2_000_000
                rates.append(BacktestFixtures.fx("EUR", "USD", rate, at: time + 1))
                time += BacktestFixtures.second
            }
        }
    }
}
