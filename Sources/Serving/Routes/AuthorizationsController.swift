import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Model

/// `/authorizations`: investors grant brokers capital or stock-holding authority, and revoke it.
struct AuthorizationsController {
    let api: LedgerAPI

    struct CreateBody: Decodable {
        var type: Authorization.Kind
        var brokerId: String
        var limit: DecimalInput
        var stockId: String?
    }

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("authorizations") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            let page = try await api.ledger.authorizations(viewer: principal, page: try request.pageRequest())
            return try JSONResponse.make(PageJSON(page, AuthorizationJSON.init))
        }
        group.get("authorizations/:authorizationId") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            let id = try LedgerAPI.parameter("authorizationId", context)
            return try JSONResponse.make(AuthorizationJSON(try await api.ledger.authorization(id: id, viewer: principal)))
        }
        group.post("authorizations") { request, context in
            var request = request
            let principal = try await api.authenticate(request, roles: [.investor])
            let body = try await request.decodeJSON(CreateBody.self, context: context)
            let authorization = try await api.ledger.createAuthorization(
                investor: principal, brokerId: body.brokerId, kind: body.type, instrumentId: body.stockId, limit: body.limit.value)
            return try JSONResponse.make(AuthorizationJSON(authorization), status: .created)
        }
        group.put("authorizations/:authorizationId/revoke") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor])
            let id = try LedgerAPI.parameter("authorizationId", context)
            return try JSONResponse.make(AuthorizationJSON(try await api.ledger.revokeAuthorization(id: id, investor: principal)))
        }
    }
}
