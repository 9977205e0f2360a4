import Model

/// What the market-data endpoints read: the live views, and the bar history behind them.
public struct MarketData: Sendable {
    /// The live views (Redis, or in memory for the embedded server).
    public var views: any MarketViewStore
    /// Bars older than the views keep (the warehouse); without it, bar ranges come from the views alone.
    public var history: (any BarHistory)?

    /// Creates the market data of a server; by default empty in-memory views and no history.
    public init(views: any MarketViewStore = InMemoryMarketViewStore(), history: (any BarHistory)? = nil) {
        self.views = views
        self.history = history
    }

    /// The bars of one instrument and interval whose window starts in `[fromNanos, toNanos)`, oldest first, and
    /// where they were read: from the views when they reach back far enough (`views`), else the older part from
    /// the history and the rest from the views (`warehouse+views`, or `warehouse` when the views hold none of
    /// the range). The views are ahead of the warehouse sink, never behind it, so the split loses nothing.
    ///
    /// - Throws: ``ServingError`` from either store.
    public func bars(_ id: String, interval: BarInterval, fromNanos: Int64, toNanos: Int64) async throws(ServingError) -> (bars: [Bar], source: String) {
        let oldest = try await views.oldestBarStart(id, interval: interval)
        guard let history, oldest.map({ $0 > fromNanos }) ?? true else {
            return (try await views.bars(id, interval: interval, fromNanos: fromNanos, toNanos: toNanos), "views")
        }
        let split = min(oldest ?? toNanos, toNanos)
        let older = try await history.bars(id, interval: interval, fromNanos: fromNanos, toNanos: split)
        guard split < toNanos else { return (older, "warehouse") }
        return (older + (try await views.bars(id, interval: interval, fromNanos: split, toNanos: toNanos)), "warehouse+views")
    }
}
