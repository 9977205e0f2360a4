import Foundation
import HTTPTypes
import Hummingbird
import Model
import NIOCore

/// `PUT /quotes/{stockId}` (system requests): a new touch for a stock; open limit orders it crosses fill.
/// The hook through which live quotes reach the ledger until the stream feeds it in-process.
struct QuotesController {
    let api: LedgerAPI

    struct QuoteBody: Decodable {
        var bid: DecimalInput
        var ask: DecimalInput
        var bidSize: DecimalInput?
        var askSize: DecimalInput?
    }

    struct MatchJSON: Encodable {
        var stockId: String
        var bid: String
        var ask: String
        var filledOrders: [OrderJSON]
    }

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.put("quotes/:stockId") { request, context in
            var request = request
            let principal = try await api.authenticate(request)
            guard principal.role == .system else { throw ServingError(.forbidden, "quotes are system requests (X-API-Key)") }
            let id = try LedgerAPI.parameter("stockId", context)
            guard let listing = api.ledger.stocks.listing(id) else { throw ServingError(.notFound, "stock \(id) not found") }
            let body = try await request.decodeJSON(QuoteBody.self, context: context)
            guard body.bid.value > 0, body.ask.value >= body.bid.value else {
                throw ServingError(.validation, field: "ask", "a quote needs 0 < bid ≤ ask")
            }
            for (field, size) in [("bidSize", body.bidSize), ("askSize", body.askSize)] where (size?.value ?? 0) < 0 {
                throw ServingError(.validation, field: field, "\(field) must not be negative")
            }
            guard let quotes = api.ledger.quotes as? LatestQuotes else {
                throw ServingError(.invalidState, "this server takes its quotes from the stream")
            }
            quotes.update(
                MarketQuote(bid: body.bid.value, ask: body.ask.value, bidSize: body.bidSize?.value, askSize: body.askSize?.value),
                for: listing.instrument.id)
            let filled = try await api.ledger.matchOpenOrders(instrumentId: listing.instrument.id)
            return try JSONResponse.make(MatchJSON(
                stockId: listing.instrument.id, bid: DecimalString.format(body.bid.value), ask: DecimalString.format(body.ask.value),
                filledOrders: filled.map(OrderJSON.init)))
        }
    }
}
