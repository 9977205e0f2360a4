import Model
import Testing
import TickFlowTestSupport

@testable import Stream

/// Streaming bars equal a plain batch fold over the same trades, whatever the arrival order, as long as no
/// trade arrives later than the processor accepts (delays below twice the allowed lateness: the watermark's
/// delay plus the lateness behind it).
@Suite struct StreamingBatchPropertyTests {
    typealias F = TickFixtures

    struct Folded: Equatable {
        var open = 0.0, high = -Double.infinity, low = Double.infinity, close = 0.0
        var openTime = Int64.max, closeTime = Int64.min
        var volume = 0.0, turnover = 0.0, notional = 0.0
        var count: UInt64 = 0
    }

    struct WindowKey: Hashable {
        var instrumentId: String
        var interval: BarInterval
        var start: Int64

        init(_ instrumentId: String, _ interval: BarInterval, _ start: Int64) {
            (self.instrumentId, self.interval, self.start) = (instrumentId, interval, start)
        }

        init(_ bar: Bar) { self.init(bar.instrumentId, bar.interval, bar.windowStartNanos) }
    }

    /// The reference: each trade's rate is the latest FX observation at or before its time, computed directly.
    static func batchFold(_ timeline: [TickInput], intervals: [BarInterval]) -> [WindowKey: Folded] {
        var observations: [String: [(Int64, Double)]] = [:]
        for case .fx(let rate) in timeline { observations[rate.pair, default: []].append((rate.eventTimeNanos, rate.rate)) }
        func usdPer(_ currency: String, at time: Int64) -> Double {
            if currency == "USD" { return 1 }
            if let direct = observations[currency + "USD"] { return direct.last { $0.0 <= time }!.1 }
            return 1 / observations["USD" + currency]!.last { $0.0 <= time }!.1
        }
        var bars: [WindowKey: Folded] = [:]
        for case .market(.trade(let trade)) in timeline {
            for interval in intervals {
                let key = WindowKey(trade.instrumentId, interval, interval.windowStart(containing: trade.eventTimeNanos))
                var bar = bars[key, default: Folded()]
                if trade.eventTimeNanos < bar.openTime { (bar.open, bar.openTime) = (trade.price, trade.eventTimeNanos) }
                if trade.eventTimeNanos > bar.closeTime { (bar.close, bar.closeTime) = (trade.price, trade.eventTimeNanos) }
                bar.high = max(bar.high, trade.price)
                bar.low = min(bar.low, trade.price)
                bar.volume += trade.quantity
                bar.turnover += trade.price * trade.quantity
                bar.notional += trade.notional * usdPer(trade.currency, at: trade.eventTimeNanos)
                bar.count += 1
                bars[key] = bar
            }
        }
        return bars
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }

    @Test(arguments: 1...40)
    func streamingBarsEqualABatchFoldUnderOutOfOrderArrival(seed: Int) throws {
        let lateness = 2 * F.second
        let intervals: [BarInterval] = [.oneSecond, .oneMinute]
        let scenario = TickScenario(seed: UInt64(seed), ticks: 600, maxDelay: 2 * lateness)
        var processor = try F.processor {
            $0.intervals = intervals
            $0.latenessNanos = lateness
        }
        let output = try F.run(&processor, scenario.arrivals)
        #expect(output.rejections.isEmpty)

        var latest: [WindowKey: Bar] = [:]
        var revisions: [WindowKey: [UInt32]] = [:]
        for bar in intervals.flatMap({ output.bars($0) }) {
            revisions[WindowKey(bar), default: []].append(bar.revision)
            latest[WindowKey(bar)] = bar
        }
        // The arrival order did exercise late updates.
        #expect(revisions.values.contains { $0.count > 1 })
        #expect(output.records.contains { $0.value.flags.contains(.outOfOrder) })
        // Each window is published with revisions 0, 1, 2… in order.
        #expect(revisions.values.allSatisfy { $0 == Array(0..<UInt32($0.count)) })
        let expected = Self.batchFold(scenario.timeline.map(\.input), intervals: intervals)
        let traded = latest.filter { $0.value.tradeCount > 0 }
        #expect(Set(traded.keys) == Set(expected.keys))
        // Gap-filled windows are windows without trades, flat at the close of the last traded window before them,
        // however late that window's last trade arrived.
        let filled = latest.filter { $0.value.tradeCount == 0 }
        #expect(filled.keys.allSatisfy { expected[$0] == nil })
        for (key, bar) in filled {
            let before = expected.filter { $0.key.instrumentId == key.instrumentId && $0.key.interval == key.interval && $0.key.start < key.start }
            let carried = try #require(before.max { $0.key.start < $1.key.start }?.value.close)
            #expect(
                [bar.open, bar.high, bar.low, bar.close] == [carried, carried, carried, carried],
                "\(key): carries \(bar.close), the last close before it is \(carried)")
        }
        for (key, bar) in traded {
            guard let folded = expected[key] else { continue }
            let exact = bar.open == folded.open && bar.high == folded.high && bar.low == folded.low && bar.close == folded.close && bar.tradeCount == folded.count
            let sums = Self.close(bar.volume, folded.volume) && Self.close(bar.vwap, folded.turnover / folded.volume) && Self.close(bar.notionalBase, folded.notional)
            #expect(exact && sums, "\(key): \(bar) vs \(folded)")
        }
    }
}
