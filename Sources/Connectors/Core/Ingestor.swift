/// How fast a feed is replayed.
public enum Pacing: Sendable, Hashable {
    /// As fast as the sink takes it.
    case asFastAsPossible
    /// At most this many items per second.
    case itemsPerSecond(Double)
    /// At `factor` times the pace recorded in the events' event times (2 = twice as fast).
    case recordedPace(factor: Double)
}

/// Drives a feed into a sink: reads batches, paces them, stops at the end, after a count or a duration.
public struct Ingestor {
    /// Limits and pacing.
    public struct Options: Sendable {
        /// Items per batch; default 1024 (smaller batches lower latency under a rate limit).
        public var batchSize = 1024
        /// Pacing; default as fast as possible.
        public var pacing = Pacing.asFastAsPossible
        /// Stop after this many items (events and rejects); `nil` for no limit.
        public var count: Int?
        /// Stop after this long; `nil` for no limit.
        public var duration: Duration?

        /// Default options.
        public init(batchSize: Int = 1024, pacing: Pacing = .asFastAsPossible, count: Int? = nil, duration: Duration? = nil) {
            self.batchSize = batchSize
            self.pacing = pacing
            self.count = count
            self.duration = duration
        }
    }

    /// Runs the feed to its end (or a limit) and returns the sink's summary.
    ///
    /// - Throws: the feed's and the sink's ``ConnectorError``s, `CancellationError` when cancelled.
    public static func run<Feed: FeedSource>(_ feed: inout Feed, into sink: inout IngestSink, options: Options = .init()) async throws
        -> IngestSummary
    {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = options.duration.map { start + $0 }
        var total = 0
        var firstEventTime: Int64?
        while !Task.isCancelled {
            var want = options.batchSize
            if case .itemsPerSecond(let rate) = options.pacing { want = max(1, min(want, Int(rate / 100))) }
            if let count = options.count { want = min(want, count - total) }
            if want <= 0 { break }
            if let deadline, clock.now >= deadline { break }
            guard let items = try await feed.next(maxItems: want) else { break }
            switch options.pacing {
            case .asFastAsPossible: break
            case .itemsPerSecond(let rate):
                let due = start + .nanoseconds(Int64(Double(total + items.count) / rate * 1e9))
                if due > clock.now { try await Task.sleep(until: due, clock: clock) }
            case .recordedPace(let factor):
                if let last = items.last(where: { if case .event = $0 { true } else { false } }), case .event(let event) = last {
                    let first = firstEventTime ?? event.eventTimeNanos
                    firstEventTime = first
                    let offset = Double(event.eventTimeNanos - first) / factor
                    let due = start + .nanoseconds(Int64(max(0, offset)))
                    if due > clock.now { try await Task.sleep(until: due, clock: clock) }
                }
            }
            try await sink.write(items)
            total += items.count
        }
        try await sink.flush()
        return sink.summary
    }
}
