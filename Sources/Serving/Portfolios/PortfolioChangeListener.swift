import Model

/// Told of every portfolio whose holdings the ledger changed (created, holdings replaced, rebalanced), after the
/// change committed: how the holdings reach the portfolio-risk stage (``HoldingsPublisher``).
public protocol PortfolioChangeListener: Sendable {
    /// A portfolio as it now stands. Called once per committed change, in commit order per portfolio.
    func portfolioChanged(_ portfolio: Portfolio) async
}
