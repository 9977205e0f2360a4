import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Model

/// `/balance` and `/transactions`: a user's wallet (admins may name any user with `?userId=`); `PUT /balance`
/// for system requests only.
struct WalletController {
    let api: LedgerAPI

    struct BalanceBody: Decodable {
        var userId: String
        var amount: DecimalInput
    }

    struct TransactionBody: Decodable {
        var type: String
        var amount: DecimalInput
    }

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("balance") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            return try JSONResponse.make(WalletJSON(try await api.ledger.wallet(userId: try LedgerAPI.owner(request, principal))))
        }
        group.put("balance") { request, context in
            var request = request
            let principal = try await api.authenticate(request)
            guard principal.role == .system else { throw ServingError(.forbidden, "balance updates are system requests (X-API-Key)") }
            let body = try await request.decodeJSON(BalanceBody.self, context: context)
            let wallet = try await api.ledger.adjustBalance(userId: body.userId, delta: body.amount.value, actor: principal)
            return try JSONResponse.make(WalletJSON(wallet))
        }
        group.get("transactions") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            let page = try await api.ledger.transactions(userId: try LedgerAPI.owner(request, principal), page: try request.pageRequest())
            return try JSONResponse.make(PageJSON(page, TransactionJSON.init))
        }
        group.get("transactions/:transactionId") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            let id = try LedgerAPI.parameter("transactionId", context)
            return try JSONResponse.make(TransactionJSON(try await api.ledger.transaction(id: id, userId: LedgerAPI.itemOwner(principal))))
        }
        group.post("transactions") { request, context in
            var request = request
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            let body = try await request.decodeJSON(TransactionBody.self, context: context)
            guard let kind = WalletTransaction.Kind(rawValue: body.type), kind == .deposit || kind == .withdraw else {
                throw ServingError(.validation, field: "type", "type must be deposit or withdraw")
            }
            let transaction = try await api.ledger.createTransaction(userId: principal.userId, kind: kind, amount: body.amount.value, actor: principal)
            return try JSONResponse.make(TransactionJSON(transaction), status: .created)
        }
    }
}
