import Foundation
import Model
import ServiceLifecycle
import Stream

/// Publishes generated trades to the in-process `market-data.equities.us` at a steady rate until shutdown.
struct TickFeedService: Service {
    let transport: InProcessTransport
    let generator: TickGenerator
    let rate: Int
    /// Trades the previous run already had processed: regenerated at full speed, so offsets line up again.
    let alreadyProcessed: Int

    func run() async throws {
        let producer = try transport.makeProducer()
        var prices = TickGenerator.universe.map(\.price)
        var index = 0
        let clock = ContinuousClock()
        let start = clock.now
        let batch = max(1, rate / 100)
        while !Task.isCancelledOrShuttingDown {
            let records = try (index..<(index + batch)).map { i in
                let trade = generator.trade(i, prices: &prices)
                return OutgoingRecord(
                    topic: "market-data.equities.us", key: Array(trade.instrumentId.utf8),
                    value: try MarketEvent.trade(trade).serializedBytes(), timestampMillis: trade.eventTimeNanos / 1_000_000)
            }
            try await producer.send(records)
            index += batch
            if index > alreadyProcessed {
                let due = start + .milliseconds((index - alreadyProcessed) * 1000 / rate)
                try? await Task.sleep(until: due, clock: clock)
            }
        }
        transport.seal(topic: "market-data.equities.us")
    }
}

/// Prints throughput and the instruments' VWAPs every few seconds.
struct ProgressService: Service {
    let board: ProgressBoard
    let interval: Duration

    func run() async throws {
        var last = board.processedCount
        while !Task.isCancelledOrShuttingDown {
            try? await Task.sleep(for: interval)
            let now = board.processedCount
            let rate = Double(now - last) / interval.seconds
            last = now
            let vwaps = board.snapshot.prefix(5).map { "\($0.symbol) \(String(format: "%.2f", $0.vwap))" }
            print("[tickflow] \(now) trades processed, \(Int(rate)) trades/s | VWAP \(vwaps.joined(separator: "  "))")
        }
    }
}

extension Task where Success == Never, Failure == Never {
    /// Whether the current task should wind down: cancelled, or graceful shutdown requested.
    static var isCancelledOrShuttingDown: Bool { Task.isCancelled || Task.isShuttingDownGracefully }
}
