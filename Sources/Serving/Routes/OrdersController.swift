import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Model

/// `/orders`, `/fills` and `/audit`.
struct OrdersController {
    let api: LedgerAPI

    struct CreateBody: Decodable {
        var stockId: String
        var side: OrderSide
        var type: OrderType
        var quantity: DecimalInput
        var limitPrice: DecimalInput?
        var authorizationId: String?
        var automated: Bool?
    }

    struct StatusBody: Decodable {
        var status: String
    }

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("orders") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            let page = try await api.ledger.orders(viewer: principal, page: try request.pageRequest())
            return try JSONResponse.make(PageJSON(page, OrderJSON.init))
        }
        group.get("orders/:orderId") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            let id = try LedgerAPI.parameter("orderId", context)
            return try JSONResponse.make(OrderJSON(try await api.ledger.order(id: id, viewer: principal)))
        }
        group.post("orders") { request, context in
            var request = request
            let principal = try await api.authenticate(request, roles: [.investor, .broker])
            let body = try await request.decodeJSON(CreateBody.self, context: context)
            let order = try await api.ledger.placeOrder(
                OrderRequest(
                    instrument: body.stockId, side: body.side, type: body.type, quantity: body.quantity.value,
                    limitPrice: body.limitPrice?.value, authorizationId: body.authorizationId, automated: body.automated ?? false),
                by: principal)
            return try JSONResponse.make(OrderJSON(order), status: .created)
        }
        group.put("orders/:orderId") { request, context in
            var request = request
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            let id = try LedgerAPI.parameter("orderId", context)
            let body = try await request.decodeJSON(StatusBody.self, context: context)
            guard body.status == OrderStatus.cancelled.rawValue else {
                throw ServingError(.validation, field: "status", "status can only be set to cancelled")
            }
            return try JSONResponse.make(OrderJSON(try await api.ledger.cancelOrder(id: id, viewer: principal)))
        }
        group.get("orders/:orderId/fills") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            let id = try LedgerAPI.parameter("orderId", context)
            _ = try await api.ledger.order(id: id, viewer: principal)
            let page = try await api.ledger.fills(viewer: principal, orderId: id, page: try request.pageRequest())
            return try JSONResponse.make(PageJSON(page, FillJSON.init))
        }
        group.get("fills") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            let page = try await api.ledger.fills(viewer: principal, orderId: nil, page: try request.pageRequest())
            return try JSONResponse.make(PageJSON(page, FillJSON.init))
        }
        group.get("audit") { request, context in
            let principal = try await api.authenticate(request, roles: [.investor, .broker, .admin])
            let page = try await api.ledger.auditEvents(viewer: principal, entityId: request.query("entityId"), page: try request.pageRequest())
            return try JSONResponse.make(PageJSON(page, AuditEventJSON.init))
        }
    }
}
