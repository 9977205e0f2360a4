import Serving
import ServiceLifecycle
import Stream
import Synchronization
import Foundation
import Model

/// Counts what the embedded pipeline moved, for the progress line: events published by the feed; quotes, bars and
/// anomalies applied to the market views; the latest 1-day 99 % parametric VaR of each portfolio.
final class PipelineProgress: Sendable {
    private let events = Atomic<Int>(0)
    private let quotes = Atomic<Int>(0)
    private let bars = Atomic<Int>(0)
    private let anomalyCount = Atomic<Int>(0)
    private let newestQuote = Atomic<Int64>(0)
    private let valueAtRisk = Mutex<[String: (value: Double, currency: String)]>([:])

    func published(_ count: Int) { events.add(count, ordering: .relaxed) }

    /// Counts a batch the views sink applied.
    func applied(_ updates: [MarketViewUpdate]) {
        var quoteCount = 0, barCount = 0, anomalies = 0
        var risk: [RiskMetric] = []
        var newest: Int64 = 0
        for update in updates {
            switch update {
            case .quote, .topOfBook:
                quoteCount += 1
                newest = max(newest, update.eventTimeNanos)
            case .bar: barCount += 1
            case .anomaly: anomalies += 1
            case .risk(let metric)
                where metric.kind == .valueAtRisk && metric.method == .parametric && metric.instrumentId.isEmpty
                    && metric.horizonDays == 1 && abs(metric.confidence - 0.99) < 1e-9:
                risk.append(metric)
            default: break
            }
        }
        quotes.add(quoteCount, ordering: .relaxed)
        bars.add(barCount, ordering: .relaxed)
        anomalyCount.add(anomalies, ordering: .relaxed)
        newestQuote.max(newest, ordering: .relaxed)
        if !risk.isEmpty {
            valueAtRisk.withLock { latest in
                for metric in risk { latest[metric.portfolioId] = (metric.value, metric.currency) }
            }
        }
    }

    /// The latest 1-day 99 % parametric VaR of a portfolio, nil before its first.
    func valueAtRisk(portfolioId: String) -> (value: Double, currency: String)? {
        valueAtRisk.withLock { $0[portfolioId] }
    }

    var eventsPublished: Int { events.load(ordering: .relaxed) }
    var quotesApplied: Int { quotes.load(ordering: .relaxed) }
    var barsApplied: Int { bars.load(ordering: .relaxed) }
    var anomaliesApplied: Int { anomalyCount.load(ordering: .relaxed) }
    /// Event time of the newest quote in the views (0 before the first).
    var newestQuoteNanos: Int64 { newestQuote.load(ordering: .relaxed) }
}

/// Prints the pipeline's progress every few seconds: events in and processed per second, the stream's backlog,
/// bars, quotes and anomalies written to the views, and the VaR of the watched portfolios.
struct ProgressService: Service {
    let progress: PipelineProgress
    let processor: EmbeddedProcessor<TickProcessor>
    let interval: Duration
    /// Portfolios whose VaR the line shows, by name.
    var portfolios: [(id: String, name: String)] = []

    func run() async throws {
        var last = (published: progress.eventsPublished, processed: await processor.processedRecords)
        while !Task.isCancelledOrShuttingDown {
            try? await Task.sleep(for: interval)
            let now = (published: progress.eventsPublished, processed: await processor.processedRecords)
            let inRate = Double(now.published - last.published) / interval.seconds
            let outRate = Double(now.processed - last.processed) / interval.seconds
            last = now
            // How far the views trail the feed: the wall clock against the newest quote they show.
            let newest = progress.newestQuoteNanos
            let lag = newest == 0 ? "–" : "\(max(0, (WallClock.nowNanos() - newest) / 1_000_000)) ms"
            var line = "[tickflow] \(Int(inRate)) events/s in, \(Int(outRate)) events/s processed (\(now.processed) total), lag \(lag)"
                + " | views: \(progress.barsApplied) bars, \(progress.quotesApplied) quotes, \(progress.anomaliesApplied) anomalies"
            for portfolio in portfolios {
                let figure = progress.valueAtRisk(portfolioId: portfolio.id).map { String(format: "%.0f %@", $0.value, $0.currency) } ?? "warming up"
                line += " | \(portfolio.name) VaR99 1d: \(figure)"
            }
            print(line)
        }
    }
}
