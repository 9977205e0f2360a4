import Foundation
import Model

extension Ledger {
    /// Creates a portfolio for an investor.
    public func createPortfolio(owner: Principal, name: String, holdings: [Portfolio.Holding]) async throws(ServingError) -> Portfolio {
        let name = try Self.validName(name)
        let holdings = try validHoldings(holdings)
        let now = Timestamp.now()
        let portfolio = Portfolio(id: LedgerID.make(), name: name, clientId: owner.userId, currency: currency, holdings: holdings, createdAtNanos: now, lastRebalancedAtNanos: nil)
        try await store.transaction { sql throws(ServingError) in
            try await sql.execute(
                "INSERT INTO portfolios (id, client_id, name, currency, created_at) VALUES ($1, $2, $3, $4, $5)",
                [.text(portfolio.id), .text(owner.userId), .text(name), .text(currency), .int(now)])
            try await replaceHoldings(sql, portfolioId: portfolio.id, holdings)
            try await audit(sql, .portfolio, portfolio.id, owner: owner.userId, actor: owner.userId, "portfolio.created", ["name": name])
        }
        await portfolioChanges?.portfolioChanged(portfolio)
        return portfolio
    }

    /// The viewer's portfolios (all for admins).
    public func portfolios(viewer: Principal, page: PageRequest) async throws(ServingError) -> Page<Portfolio> {
        try await store.read { sql throws(ServingError) in
            let (filter, binds): (String, [SQLValue]) = viewer.seesEverything ? ("", []) : ("client_id = $1", [.text(viewer.userId)])
            let rows = try await self.page(
                sql, select: "SELECT id, name, client_id, currency, created_at, last_rebalanced_at FROM portfolios", filter: filter,
                binds: binds, page: page, map: Self.portfolioHeader, id: \.id)
            var items: [Portfolio] = []
            for var portfolio in rows.items {
                portfolio.holdings = try await holdings(sql, portfolioId: portfolio.id)
                items.append(portfolio)
            }
            return Page(items: items, nextCursor: rows.nextCursor)
        }
    }

    /// One portfolio the viewer owns (any for admins).
    public func portfolio(id: String, viewer: Principal) async throws(ServingError) -> Portfolio {
        try await store.read { sql throws(ServingError) in try await visiblePortfolio(sql, id: id, viewer: viewer) }
    }

    /// Replaces a portfolio's holdings.
    public func updatePortfolioHoldings(id: String, viewer: Principal, holdings: [Portfolio.Holding]) async throws(ServingError) -> Portfolio {
        let holdings = try validHoldings(holdings)
        let portfolio = try await store.transaction { sql throws(ServingError) in
            var portfolio = try await visiblePortfolio(sql, id: id, viewer: viewer)
            try await replaceHoldings(sql, portfolioId: id, holdings)
            portfolio.holdings = holdings.sorted { $0.instrumentId < $1.instrumentId }
            try await audit(sql, .portfolio, id, owner: portfolio.clientId, actor: viewer.userId, "portfolio.holdings", ["count": String(holdings.count)])
            return portfolio
        }
        await portfolioChanges?.portfolioChanged(portfolio)
        return portfolio
    }

    /// Records that a rebalance moved the portfolio to `holdings`.
    public func markRebalanced(id: String, viewer: Principal, holdings: [Portfolio.Holding]) async throws(ServingError) -> Portfolio {
        let portfolio = try await store.transaction { sql throws(ServingError) in
            var portfolio = try await visiblePortfolio(sql, id: id, viewer: viewer)
            let now = Timestamp.now()
            try await replaceHoldings(sql, portfolioId: id, holdings.filter { $0.quantity > 0 })
            try await sql.execute("UPDATE portfolios SET last_rebalanced_at = $2 WHERE id = $1", [.text(id), .int(now)])
            portfolio.holdings = holdings.filter { $0.quantity > 0 }.sorted { $0.instrumentId < $1.instrumentId }
            portfolio.lastRebalancedAtNanos = now
            try await audit(sql, .portfolio, id, owner: portfolio.clientId, actor: viewer.userId, "portfolio.rebalanced", [:])
            return portfolio
        }
        await portfolioChanges?.portfolioChanged(portfolio)
        return portfolio
    }

    private func visiblePortfolio(_ sql: any SQLExecutor, id: String, viewer: Principal) async throws(ServingError) -> Portfolio {
        let rows = try await sql.query("SELECT id, name, client_id, currency, created_at, last_rebalanced_at FROM portfolios WHERE id = $1", [.text(id)])
        guard var portfolio = try rows.first.map(Self.portfolioHeader), viewer.seesEverything || portfolio.clientId == viewer.userId else {
            throw Self.notFound("portfolio", id)
        }
        portfolio.holdings = try await holdings(sql, portfolioId: id)
        return portfolio
    }

    private func holdings(_ sql: any SQLExecutor, portfolioId: String) async throws(ServingError) -> [Portfolio.Holding] {
        try await sql.query("SELECT instrument_id, quantity, cost_basis FROM portfolio_holdings WHERE portfolio_id = $1 ORDER BY instrument_id", [.text(portfolioId)])
            .map { row throws(ServingError) in Portfolio.Holding(instrumentId: try row.string(0), quantity: try row.decimal(1), costBasis: try row.decimal(2)) }
    }

    private func replaceHoldings(_ sql: any SQLExecutor, portfolioId: String, _ holdings: [Portfolio.Holding]) async throws(ServingError) {
        try await sql.execute("DELETE FROM portfolio_holdings WHERE portfolio_id = $1", [.text(portfolioId)])
        for holding in holdings {
            try await sql.execute(
                "INSERT INTO portfolio_holdings (portfolio_id, instrument_id, quantity, cost_basis) VALUES ($1, $2, $3, $4)",
                [.text(portfolioId), .text(holding.instrumentId), .decimal(holding.quantity), .decimal(holding.costBasis)])
        }
    }

    private func validHoldings(_ holdings: [Portfolio.Holding]) throws(ServingError) -> [Portfolio.Holding] {
        var seen = Set<String>()
        var valid: [Portfolio.Holding] = []
        for (index, holding) in holdings.enumerated() {
            guard let listing = stocks.listing(holding.instrumentId) else {
                throw ServingError(.validation, field: "holdings[\(index)].stockId", "unknown stock \(holding.instrumentId)")
            }
            guard seen.insert(listing.instrument.id).inserted else {
                throw ServingError(.validation, field: "holdings[\(index)].stockId", "stock \(holding.instrumentId) is listed twice")
            }
            guard holding.quantity >= 0, LedgerDecimal.fits(holding.quantity, scale: LedgerDecimal.unitScale) else {
                throw ServingError(.validation, field: "holdings[\(index)].quantity", "quantity must be ≥ 0 with at most 8 decimals")
            }
            guard holding.costBasis >= 0, LedgerDecimal.fits(holding.costBasis, scale: LedgerDecimal.moneyScale) else {
                throw ServingError(.validation, field: "holdings[\(index)].costBasis", "costBasis must be ≥ 0 with at most 2 decimals")
            }
            valid.append(Portfolio.Holding(instrumentId: listing.instrument.id, quantity: holding.quantity, costBasis: holding.costBasis))
        }
        return valid
    }

    static func portfolioHeader(_ row: SQLRow) throws(ServingError) -> Portfolio {
        Portfolio(
            id: try row.string(0), name: try row.string(1), clientId: try row.string(2), currency: try row.string(3), holdings: [],
            createdAtNanos: try row.int(4), lastRebalancedAtNanos: row.optionalInt(5))
    }
}
