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
}
