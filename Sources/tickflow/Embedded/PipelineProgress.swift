import Serving
import ServiceLifecycle
import Stream
import Synchronization

/// Counts what the embedded pipeline moved, for the progress line: events published by the feed, and quotes and
/// bars applied to the market views.
final class PipelineProgress: Sendable {
    private let events = Atomic<Int>(0)
    private let quotes = Atomic<Int>(0)
    private let bars = Atomic<Int>(0)

    func published(_ count: Int) { events.add(count, ordering: .relaxed) }

    /// Counts a batch the views sink applied.
    func applied(_ updates: [MarketViewUpdate]) {
        var quoteCount = 0, barCount = 0
        for update in updates {
            switch update {
            case .quote, .topOfBook: quoteCount += 1
            case .bar: barCount += 1
            default: break
            }
        }
        quotes.add(quoteCount, ordering: .relaxed)
        bars.add(barCount, ordering: .relaxed)
    }

    var eventsPublished: Int { events.load(ordering: .relaxed) }
    var quotesApplied: Int { quotes.load(ordering: .relaxed) }
    var barsApplied: Int { bars.load(ordering: .relaxed) }
}

/// Prints the pipeline's progress every few seconds: events in and processed per second, bars and quotes written
/// to the views.
struct ProgressService: Service {
    let progress: PipelineProgress
    let processor: EmbeddedProcessor<TickProcessor>
    let interval: Duration

    func run() async throws {
        var last = (published: progress.eventsPublished, processed: await processor.processedRecords)
        while !Task.isCancelledOrShuttingDown {
            try? await Task.sleep(for: interval)
            let now = (published: progress.eventsPublished, processed: await processor.processedRecords)
            let inRate = Double(now.published - last.published) / interval.seconds
            let outRate = Double(now.processed - last.processed) / interval.seconds
            last = now
            print("[tickflow] \(Int(inRate)) events/s in, \(Int(outRate)) events/s processed (\(now.processed) total) | views: \(progress.barsApplied) bars, \(progress.quotesApplied) quotes written")
        }
    }
}
