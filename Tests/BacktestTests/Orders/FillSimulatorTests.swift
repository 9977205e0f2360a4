import Backtest
import Foundation
import Model
import Testing

@Suite struct FillSimulatorTests {
    static let aapl = BacktestFixtures.instrument("AAPL").id
    static let t0 = BacktestFixtures.t0, minute = BacktestFixtures.minute

    static func bar(_ index: Int, open: Double, high: Double, low: Double, close: Double, trades: UInt64 = 3) -> Bar {
        Bar(
            instrumentId: aapl, symbol: "AAPL", interval: .oneMinute, windowStartNanos: t0 + Int64(index) * minute, open: open, high: high,
            low: low, close: close, volume: 300, vwap: (open + close) / 2, tradeCount: trades, currency: "USD", notionalBase: 0,
            baseCurrency: "USD", revision: 0, eventTimeNanos: t0 + Int64(index + 1) * minute, ingestTimeNanos: 0)
    }

    static func book(bid: Double, ask: Double, at time: Int64) -> TopOfBook {
        TopOfBook(
            instrumentId: aapl, symbol: "AAPL", bidPrice: bid, bidSize: 100, bidVenue: "XNAS", askPrice: ask, askSize: 100, askVenue: "XNAS",
            currency: "USD", eventTimeNanos: time, ingestTimeNanos: time)
    }

    @Test func marketOrderFillsOnTheNextBarsOpenNeverTheTriggeringOne() throws {
        var simulator = FillSimulator()
        let trigger = Self.bar(0, open: 100, high: 102, low: 99, close: 101)
        try simulator.submit(OrderRequest(instrumentId: Self.aapl, side: .buy, quantity: 10), createdNanos: trigger.windowEndNanos, sequence: 1)
        // The triggering bar itself (same sequence) and a bar whose window began before the order fill nothing.
        #expect(simulator.fill(on: trigger, sequence: 1).isEmpty)
        #expect(simulator.fill(on: Self.bar(0, open: 100, high: 102, low: 99, close: 101), sequence: 2).isEmpty)
        let fills = simulator.fill(on: Self.bar(1, open: 101.25, high: 103, low: 100, close: 102), sequence: 3)
        #expect(fills.count == 1)
        #expect(fills.first?.price == 101.25)
        let notional: Decimal = 1012.5
        #expect(fills.first?.notional == notional)
        #expect(simulator.openOrders.isEmpty)
    }

    @Test func marketOrdersTakeTheTouchOfTheNextQuote() throws {
        var simulator = FillSimulator()
        try simulator.submit(OrderRequest(instrumentId: Self.aapl, side: .buy, quantity: 5), createdNanos: Self.t0, sequence: 1)
        try simulator.submit(OrderRequest(instrumentId: Self.aapl, side: .sell, quantity: 7), createdNanos: Self.t0, sequence: 1)
        let fills = simulator.fill(on: Self.book(bid: 99.98, ask: 100.02, at: Self.t0 + 1), sequence: 2)
        #expect(fills.map(\.price) == [100.02, 99.98])
        #expect(fills.map(\.orderId) == [1, 2])
    }

    @Test func limitOrdersRestUntilCrossed() throws {
        var simulator = FillSimulator()
        try simulator.submit(OrderRequest(instrumentId: Self.aapl, side: .buy, quantity: 10, pricing: .limit(99.5)), createdNanos: Self.t0, sequence: 1)
        try simulator.submit(OrderRequest(instrumentId: Self.aapl, side: .sell, quantity: 10, pricing: .limit(103)), createdNanos: Self.t0, sequence: 1)
        // Ask 99.6 does not reach the buy limit; the bid 99.5 does not reach the sell limit.
        #expect(simulator.fill(on: Self.book(bid: 99.5, ask: 99.6, at: Self.t0 + 1), sequence: 2).isEmpty)
        // A bar opening above the buy limit whose low trades through it fills at the limit; its high 102.9 misses 103.
        let bar = simulator.fill(on: Self.bar(0, open: 100, high: 102.9, low: 99.1, close: 100.5), sequence: 3)
        #expect(bar.map(\.price) == [99.5])
        // A bar opening above the sell limit fills at its (better) open.
        let gap = simulator.fill(on: Self.bar(1, open: 104, high: 105, low: 103.5, close: 104.5), sequence: 4)
        #expect(gap.map(\.price) == [104])
        #expect(simulator.openOrders.isEmpty)
    }

    @Test func gapFilledBarsFillNothing() throws {
        var simulator = FillSimulator()
        try simulator.submit(OrderRequest(instrumentId: Self.aapl, side: .buy, quantity: 1), createdNanos: Self.t0, sequence: 1)
        #expect(simulator.fill(on: Self.bar(0, open: 100, high: 100, low: 100, close: 100, trades: 0), sequence: 2).isEmpty)
        #expect(simulator.openOrders.count == 1)
    }

    @Test func refusesInvalidOrders() {
        var simulator = FillSimulator()
        #expect(throws: BacktestError.self) {
            try simulator.submit(OrderRequest(instrumentId: Self.aapl, side: .buy, quantity: 0), createdNanos: Self.t0, sequence: 1)
        }
        #expect(throws: BacktestError.self) {
            try simulator.submit(
                OrderRequest(instrumentId: Self.aapl, side: .buy, quantity: 1, pricing: .limit(.nan)), createdNanos: Self.t0, sequence: 1)
        }
    }
}
