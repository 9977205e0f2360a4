import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Model

/// `/stocks` (public reference data) and `/stockholdings` (a user's positions).
struct StocksController {
    let api: LedgerAPI

    struct CommittedBody: Decodable {
        var committedAmount: DecimalInput
    }

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("stocks") { request, context in
            let stocks = api.ledger.stocks.listings
            let page = try request.pageRequest()
            var remaining = stocks[...]
            if let after = page.after { remaining = stocks.drop { $0.instrument.id != after }.dropFirst() }
            let items = Array(remaining.prefix(page.limit))
            let next = remaining.count > page.limit ? items.last.map { PageRequest.cursor(after: $0.instrument.id) } : nil
            return try JSONResponse.make(PageJSON(Page(items: items, nextCursor: next)) { StockJSON($0, quote: api.ledger.quotes.quote(for: $0.instrument.id)) })
        }
        group.get("stocks/:stockId") { request, context in
            let id = try LedgerAPI.parameter("stockId", context)
            guard let listing = api.ledger.stocks.listing(id) else { throw ServingError(.notFound, "stock \(id) not found") }
            return try JSONResponse.make(StockJSON(listing, quote: api.ledger.quotes.quote(for: listing.instrument.id)))
        }
        group.get("stockholdings") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            let page = try await api.ledger.holdings(userId: try LedgerAPI.owner(request, principal), page: try request.pageRequest())
            return try JSONResponse.make(PageJSON(page, StockHoldingJSON.init))
        }
        group.get("stockholdings/:stockholdingId") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            let id = try LedgerAPI.parameter("stockholdingId", context)
            return try JSONResponse.make(StockHoldingJSON(try await api.ledger.holding(id: id, userId: LedgerAPI.itemOwner(principal))))
        }
        group.put("stockholdings/:stockholdingId") { request, context in
            var request = request
            let principal = try await api.authenticate(request, roles: [.investor])
            let id = try LedgerAPI.parameter("stockholdingId", context)
            let body = try await request.decodeJSON(CommittedBody.self, context: context)
            let holding = try await api.ledger.setCommitted(holdingId: id, userId: principal.userId, committed: body.committedAmount.value, actor: principal)
            return try JSONResponse.make(StockHoldingJSON(holding))
        }
    }
}
