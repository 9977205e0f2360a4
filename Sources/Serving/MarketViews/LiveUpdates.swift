import Analytics
import Metrics
import ServiceLifecycle
import Model
import Synchronization

/// Fans the market-view updates out to live subscribers (the API's event streams): each subscriber names the
/// instruments and portfolios it follows and gets the matching quotes, tops of book, bars, risk metrics and
/// anomalies as they reach the views.
///
/// A subscriber's queue is bounded (``Configuration/bufferPerSubscriber``): a client that reads slower than the
/// market moves loses its oldest undelivered updates (counted in ``Subscription/dropped`` and
/// `tickflow_live_updates_dropped_total`), so it is sampled, never allowed to grow memory; the views always hold
/// the latest values for it to catch up.
public final class LiveUpdates: Sendable {
    /// Limits of the fan-out.
    public struct Configuration: Sendable {
        /// Updates queued per subscriber before the oldest are dropped (default 1,024).
        public var bufferPerSubscriber: Int
        /// Most concurrent subscribers (default 10,000); more are refused.
        public var maxSubscribers: Int
        /// How often every subscriber gets a ``Event/heartbeat`` while the hub runs as a service (default 15 s):
        /// writing it is how an event stream notices a client that went away.
        public var heartbeat: Duration

        /// Creates a configuration.
        public init(bufferPerSubscriber: Int = 1_024, maxSubscribers: Int = 10_000, heartbeat: Duration = .seconds(15)) {
            self.bufferPerSubscriber = bufferPerSubscriber
            self.maxSubscribers = maxSubscribers
            self.heartbeat = heartbeat
        }
    }

    /// What a subscriber receives.
    public enum Event: Sendable, Hashable {
        /// An update it follows.
        case update(MarketViewUpdate)
        /// Nothing new; sent every ``Configuration/heartbeat``.
        case heartbeat
    }

    /// What a subscriber follows.
    public struct Filter: Sendable, Hashable {
        /// Instruments whose quotes, books, bars, anomalies (and instrument-level risk) it gets.
        public var instrumentIds: Set<String>
        /// Portfolios whose risk metrics it gets.
        public var portfolioIds: Set<String>

        /// Creates a filter.
        public init(instrumentIds: Set<String> = [], portfolioIds: Set<String> = []) {
            self.instrumentIds = instrumentIds
            self.portfolioIds = portfolioIds
        }

        func matches(_ update: MarketViewUpdate) -> Bool {
            switch update {
            case .quote(let quote): instrumentIds.contains(quote.instrumentId)
            case .topOfBook(let book): instrumentIds.contains(book.instrumentId)
            case .bar(let bar): instrumentIds.contains(bar.instrumentId)
            case .anomaly(let anomaly): instrumentIds.contains(anomaly.instrumentId)
            case .instrument(let instrument): instrumentIds.contains(instrument.id)
            case .risk(let metric):
                portfolioIds.contains(metric.portfolioId)
                    || (instrumentIds.contains(metric.instrumentId)
                        && metric.portfolioId == InstrumentAnalyticsStage.portfolioId(ofInstrument: metric.instrumentId))
            }
        }
    }

    /// One subscriber's updates, an `AsyncSequence`; it ends when the hub closes or the subscription is cancelled.
    public final class Subscription: AsyncSequence, Sendable {
        public typealias Element = Event
        let stream: AsyncStream<Event>
        let id: Int
        private let droppedCount = Atomic<Int>(0)
        private let onCancel: @Sendable () -> Void

        init(stream: AsyncStream<Event>, id: Int, hub: LiveUpdates) {
            self.stream = stream
            self.id = id
            onCancel = { [weak hub] in hub?.remove(id) }
        }

        /// Updates dropped because this subscriber fell behind.
        public var dropped: Int { droppedCount.load(ordering: .relaxed) }

        func noteDropped() { droppedCount.add(1, ordering: .relaxed) }

        public func makeAsyncIterator() -> AsyncStream<Event>.Iterator { stream.makeAsyncIterator() }

        /// Stops the updates.
        public func cancel() { onCancel() }

        deinit { onCancel() }
    }

    private struct Subscriber {
        var filter: Filter
        var continuation: AsyncStream<Event>.Continuation
        weak var subscription: Subscription?
    }

    private struct State {
        var subscribers: [Int: Subscriber] = [:]
        var nextId = 0
        var closed = false
    }

    public let configuration: Configuration
    private let state = Mutex(State())

    /// Creates a hub with no subscribers.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Subscribers now.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Updates dropped from slow subscribers' queues since the hub started (also counted in
    /// `tickflow_live_updates_dropped_total`).
    public var droppedTotal: Int { dropped.load(ordering: .relaxed) }
    private let dropped = Atomic<Int>(0)

    /// Starts following `filter`.
    ///
    /// - Throws: ``ServingError`` (`rateLimited`) when the hub is at ``Configuration/maxSubscribers``, (`invalidState`)
    ///   when it is closed.
    public func subscribe(_ filter: Filter) throws(ServingError) -> Subscription {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(configuration.bufferPerSubscriber))
        let outcome: Result<Subscription, ServingError> = state.withLock { state in
            if state.closed { return .failure(ServingError(.invalidState, "the server is shutting down")) }
            guard state.subscribers.count < configuration.maxSubscribers else {
                return .failure(ServingError(.rateLimited, "\(configuration.maxSubscribers) live subscribers already"))
            }
            let id = state.nextId
            state.nextId += 1
            let subscription = Subscription(stream: stream, id: id, hub: self)
            state.subscribers[id] = Subscriber(filter: filter, continuation: continuation, subscription: subscription)
            return .success(subscription)
        }
        let subscription = try outcome.get()
        // The id, not the subscription: the continuation lives in the hub, and must not keep its subscriber alive.
        let id = subscription.id
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return subscription
    }

    /// Delivers `updates` to the subscribers that follow them (the views sink's observer).
    public func publish(_ updates: [MarketViewUpdate]) {
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for subscriber in subscribers {
            for update in updates where subscriber.filter.matches(update) {
                if case .dropped = subscriber.continuation.yield(.update(update)) {
                    subscriber.subscription?.noteDropped()
                    dropped.add(1, ordering: .relaxed)
                    Counter(label: "tickflow_live_updates_dropped_total").increment()
                }
            }
        }
    }

    /// Sends every subscriber a ``Event/heartbeat``.
    public func heartbeat() {
        for subscriber in state.withLock({ Array($0.subscribers.values) }) { subscriber.continuation.yield(.heartbeat) }
    }

    /// Ends every subscription (graceful shutdown); later subscriptions are refused.
    public func close() {
        let subscribers = state.withLock { state in
            state.closed = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.continuation.finish() }
    }

    fileprivate func remove(_ id: Int) {
        let removed = state.withLock { $0.subscribers.removeValue(forKey: id) }
        removed?.continuation.finish()
    }
}

extension LiveUpdates: Service {
    /// Sends heartbeats until graceful shutdown, then ends every subscription, so that the server's open event
    /// streams finish and it can stop. List it after the HTTP server in the service group: services stop in
    /// reverse order.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.configuration.heartbeat)
                self.heartbeat()
            }
        }
        close()
    }
}
