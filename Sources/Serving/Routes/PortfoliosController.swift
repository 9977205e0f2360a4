import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Model

/// `/portfolios`: create, get, update holdings, performance over a period with attribution, rebalance.
struct PortfoliosController {
    let api: LedgerAPI

    struct HoldingBody: Decodable {
        var stockId: String
        var quantity: DecimalInput
        var costBasis: DecimalInput
    }

    struct CreateBody: Decodable {
        var name: String
        var holdings: [HoldingBody]?
    }

    struct HoldingsBody: Decodable {
        var holdings: [HoldingBody]
    }

    struct TargetBody: Decodable {
        var stockId: String
        var weight: DecimalInput
    }

    struct RebalanceBody: Decodable {
        var targets: [TargetBody]
        /// Place the orders (market orders on the owner's wallet) instead of only proposing them.
        var place: Bool?
    }

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.post("portfolios") { request, context in
            var request = request
            let principal = try await api.authenticate(request, roles: [.investor])
            let body = try await request.decodeJSON(CreateBody.self, context: context)
            let portfolio = try await api.ledger.createPortfolio(owner: principal, name: body.name, holdings: Self.holdings(body.holdings ?? []))
            return try JSONResponse.make(PortfolioJSON(portfolio, valuation: valuation(portfolio)), status: .created)
        }
        group.get("portfolios") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .admin])
            let page = try await api.ledger.portfolios(viewer: principal, page: try request.pageRequest())
            return try JSONResponse.make(PageJSON(page) { PortfolioJSON($0, valuation: valuation($0)) })
        }
        group.get("portfolios/:portfolioId") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .admin])
            let portfolio = try await api.ledger.portfolio(id: try LedgerAPI.parameter("portfolioId", context), viewer: principal)
            return try JSONResponse.make(PortfolioJSON(portfolio, valuation: valuation(portfolio)))
        }
        group.put("portfolios/:portfolioId/holdings") { request, context in
            var request = request
            let principal = try await api.authenticate(request, roles: [.investor])
            let id = try LedgerAPI.parameter("portfolioId", context)
            let body = try await request.decodeJSON(HoldingsBody.self, context: context)
            let portfolio = try await api.ledger.updatePortfolioHoldings(id: id, viewer: principal, holdings: Self.holdings(body.holdings))
            return try JSONResponse.make(PortfolioJSON(portfolio, valuation: valuation(portfolio)))
        }
        group.get("portfolios/:portfolioId/performance") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .admin])
            let portfolio = try await api.ledger.portfolio(id: try LedgerAPI.parameter("portfolioId", context), viewer: principal)
            let period = try PerformancePeriod(from: request.query("from"), to: request.query("to"))
            return try JSONResponse.make(PerformanceJSON(portfolioId: portfolio.id, try await performance(portfolio, period)))
        }
        group.post("portfolios/:portfolioId/rebalance") { request, context in
            var request = request
            let principal = try await api.authenticate(request, roles: [.investor])
            let id = try LedgerAPI.parameter("portfolioId", context)
            let body = try await request.decodeJSON(RebalanceBody.self, context: context)
            var portfolio = try await api.ledger.portfolio(id: id, viewer: principal)
            var targets: [String: Decimal] = [:]
            for (index, target) in body.targets.enumerated() {
                guard let listing = api.ledger.stocks.listing(target.stockId) else {
                    throw ServingError(.validation, field: "targets[\(index)].stockId", "unknown stock \(target.stockId)")
                }
                targets[listing.instrument.id, default: 0] += target.weight.value
            }
            let trades = try valuation(portfolio).rebalance(to: targets, stocks: api.ledger.stocks, price: mark)
            var placed: [OrderJSON] = []
            if body.place == true {
                var positions = Dictionary(uniqueKeysWithValues: portfolio.holdings.map { ($0.instrumentId, $0) })
                for trade in trades {
                    let order = try await api.ledger.placeOrder(
                        OrderRequest(instrument: trade.instrumentId, side: trade.side, type: .market, quantity: trade.quantity), by: principal)
                    placed.append(OrderJSON(order))
                    var position = positions[trade.instrumentId] ?? Portfolio.Holding(instrumentId: trade.instrumentId, quantity: 0, costBasis: 0)
                    let notional = LedgerDecimal.cents(order.quantity * (order.fillPrice ?? trade.price))
                    if trade.side == .buy {
                        position.quantity += order.quantity
                        position.costBasis += notional
                    } else {
                        let before = position.quantity
                        position.quantity -= order.quantity
                        position.costBasis = before == 0 ? 0 : LedgerDecimal.cents(position.costBasis * position.quantity / before)
                    }
                    positions[trade.instrumentId] = position
                }
                portfolio = try await api.ledger.markRebalanced(id: id, viewer: principal, holdings: Array(positions.values))
            }
            return try JSONResponse.make(RebalanceJSON(trades: trades.map(TradeJSON.init), placedOrders: placed, portfolio: PortfolioJSON(portfolio, valuation: valuation(portfolio))))
        }
    }

    /// The portfolio's holdings measured over `period` with the server's price history.
    private func performance(_ portfolio: Portfolio, _ period: PerformancePeriod) async throws(ServingError) -> PortfolioPerformance {
        guard let history = api.priceHistory else {
            throw ServingError(.noPriceHistory, "this server keeps no price history (start it with a warehouse: tickflow serve --warehouse DIR)")
        }
        let instruments = Set(portfolio.holdings.map(\.instrumentId))
        let start = try await history.prices(of: instruments, at: period.fromNanos)
        let end = try await history.prices(of: instruments, at: period.toNanos)
        return try PortfolioPerformance(
            holdings: portfolio.holdings, stocks: api.ledger.stocks, fromNanos: period.fromNanos, toNanos: period.toNanos,
            startPrices: start, endPrices: end)
    }

    private func mark(_ instrumentId: String) -> Decimal? {
        api.ledger.quotes.quote(for: instrumentId).map { ($0.bid + $0.ask) / 2 }
    }

    private func valuation(_ portfolio: Portfolio) -> PortfolioValuation {
        PortfolioValuation(holdings: portfolio.holdings, stocks: api.ledger.stocks, price: mark)
    }

    private static func holdings(_ bodies: [HoldingBody]) -> [Portfolio.Holding] {
        bodies.map { Portfolio.Holding(instrumentId: $0.stockId, quantity: $0.quantity.value, costBasis: $0.costBasis.value) }
    }
}
