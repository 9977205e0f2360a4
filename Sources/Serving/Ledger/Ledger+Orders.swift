import Foundation
import Model

extension Ledger {
    /// Places an order: validates who may place it, reserves cash (buy) or units (sell) in one transaction
    /// with the order row, and fills it in the same transaction when it is marketable now.
    ///
    /// - Throws: `forbidden` (role), `validation` (field named), `authorizationExceeded`,
    ///   `insufficientFunds`, `insufficientHoldings`, `noQuote`.
    public func placeOrder(_ request: OrderRequest, by actor: Principal) async throws(ServingError) -> Order {
        switch actor.role {
        case .investor:
            if request.authorizationId != nil {
                let reason = request.automated ? "an automated order cannot carry an authorizationId" : "an investor's own order carries no authorizationId"
                throw ServingError(.validation, field: "authorizationId", reason)
            }
        case .broker:
            if request.automated { throw ServingError(.validation, field: "automated", "only investors place automated orders") }
            guard request.authorizationId != nil else {
                throw ServingError(.validation, field: "authorizationId", "a broker's order needs the authorizationId of the investor's grant")
            }
        case .admin, .system:
            throw ServingError(.forbidden, "only investors and brokers place orders")
        }
        try Self.requirePositive(request.quantity, field: "quantity", scale: LedgerDecimal.unitScale)
        if let limit = request.limitPrice { try Self.requirePositive(limit, field: "limitPrice", scale: LedgerDecimal.unitScale) }
        if request.type == .market, request.limitPrice != nil {
            throw ServingError(.validation, field: "limitPrice", "a market order has no limitPrice")
        }
        guard let listing = stocks.listing(request.instrument) else {
            throw ServingError(.validation, field: "instrumentId", "unknown instrument \(request.instrument)")
        }
        let instrumentId = listing.instrument.id
        let quote = quotes.quote(for: instrumentId)

        return try await store.transaction { sql throws(ServingError) in
            var authorization: Authorization?
            var ownerId = actor.userId
            if let authorizationId = request.authorizationId {
                // Peek at the owner to lock their wallet first; re-read under lock below.
                guard let peek = try await sql.query("SELECT investor_id FROM authorizations WHERE id = $1 AND broker_id = $2", [.text(authorizationId), .text(actor.userId)]).first else {
                    throw ServingError(.authorizationExceeded, field: "authorizationId", "no authorization \(authorizationId) for this broker")
                }
                ownerId = try peek.string(0)
            }
            var wallet = try await lockWallet(sql, userId: ownerId)
            var holding = try await lockHolding(sql, userId: ownerId, instrumentId: instrumentId)
            if let authorizationId = request.authorizationId {
                authorization = try await sql.query("\(Self.authorizationColumns) WHERE id = $1\(store.dialect.forUpdate)", [.text(authorizationId)]).first.map(Self.authorization)
            }
            let available: Decimal = request.side == .buy ? wallet.available : (holding?.available ?? 0)
            let action = OrderStateMachine.place(
                side: request.side, type: request.type, quantity: request.quantity, limitPrice: request.limitPrice,
                quote: quote, available: available)
            let reserve: Decimal
            switch action {
            case .reject(let code, let field, let reason):
                throw field.map { ServingError(code, field: $0, reason) } ?? ServingError(code, reason)
            case .rest(let amount), .fill(let amount, _, _):
                reserve = amount
            }
            if var grant = authorization {
                let use = request.side == .buy ? reserve : request.quantity
                try Self.check(grant, use: use, side: request.side, instrumentId: instrumentId, broker: actor.userId)
                grant.used += use
                try await sql.execute("UPDATE authorizations SET used = $2 WHERE id = $1", [.text(grant.id), .decimal(grant.used)])
                try await audit(sql, .authorization, grant.id, owner: ownerId, actor: actor.userId, "authorization.used", ["used": DecimalString.format(grant.used)])
                authorization = grant
            }
            let now = Timestamp.now()
            var order = Order(
                id: LedgerID.make(), userId: ownerId, placedBy: actor.userId, authorizationId: request.authorizationId,
                instrumentId: instrumentId, side: request.side, type: request.type, quantity: request.quantity,
                limitPrice: request.limitPrice, automated: request.automated, status: .open, reserved: reserve,
                filledQuantity: 0, fillPrice: nil, createdAtNanos: now, updatedAtNanos: now)
            try await sql.execute(
                """
                INSERT INTO orders (id, user_id, placed_by, authorization_id, instrument_id, side, type, quantity, limit_price,
                automated, status, reserved, filled_quantity, fill_price, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL, $14, $14)
                """,
                [.text(order.id), .text(ownerId), .text(actor.userId), .text(order.authorizationId), .text(instrumentId),
                 .text(order.side.rawValue), .text(order.type.rawValue), .decimal(order.quantity), .decimal(order.limitPrice),
                 .int(order.automated ? 1 : 0), .text(OrderStatus.open.rawValue), .decimal(reserve), .decimal(0), .int(now)])
            if request.side == .buy {
                wallet.reserved += reserve
                _ = try await saveWallet(sql, wallet, movement: nil)
            } else if var held = holding {
                held.reserved += reserve
                try await saveHolding(sql, held)
                holding = held
            }
            try await audit(sql, .order, order.id, owner: ownerId, actor: actor.userId, "order.placed",
                            ["side": order.side.rawValue, "type": order.type.rawValue, "quantity": DecimalString.format(order.quantity),
                             "reserved": DecimalString.format(reserve)])
            if case .fill(_, let price, let notional) = action {
                try await fill(sql, &order, price: price, notional: notional, wallet: &wallet, holding: holding, authorization: authorization)
            }
            return order
        }
    }

    /// Whether a broker's order fits the authorization it names.
    static func check(_ grant: Authorization, use: Decimal, side: OrderSide, instrumentId: String, broker: String) throws(ServingError) {
        func refuse(_ reason: String) -> ServingError { ServingError(.authorizationExceeded, field: "authorizationId", reason) }
        guard grant.brokerId == broker else { throw refuse("authorization \(grant.id) was not granted to this broker") }
        guard grant.status == .active else { throw refuse("authorization \(grant.id) is revoked") }
        switch (grant.kind, side) {
        case (.capital, .buy): break
        case (.stockHolding, .sell):
            guard grant.instrumentId == instrumentId else { throw refuse("authorization \(grant.id) covers another instrument") }
        default:
            throw refuse("a \(grant.kind.rawValue) authorization does not cover \(side.rawValue) orders")
        }
        guard use <= grant.remaining else { throw refuse("the order needs \(use), authorization \(grant.id) has \(grant.remaining) left") }
    }

    /// Fills an open order at `price` for `notional`: wallet, holding, transaction, fill row, order status
    /// and audit, inside the caller's transaction (which holds the wallet and holding locks).
    func fill(
        _ sql: any SQLExecutor, _ order: inout Order, price: Decimal, notional: Decimal, wallet: inout Wallet,
        holding: StockHolding?, authorization: Authorization?
    ) async throws(ServingError) {
        let now = Timestamp.now()
        var position = holding ?? StockHolding(
            id: LedgerID.make(), userId: order.userId, instrumentId: order.instrumentId, quantity: 0, committed: 0,
            reserved: 0, costBasis: 0, updatedAtNanos: now)
        let movement: (WalletTransaction.Kind, Decimal)
        switch order.side {
        case .buy:
            wallet.reserved -= order.reserved
            wallet.balance -= notional
            position.quantity += order.quantity
            position.costBasis += notional
            movement = (.buy, -notional)
            if var grant = authorization {
                // The authorization was charged the reservation; it keeps only what the fill spent.
                grant.used -= order.reserved - notional
                try await sql.execute("UPDATE authorizations SET used = $2 WHERE id = $1", [.text(grant.id), .decimal(grant.used)])
            }
        case .sell:
            let before = position.quantity
            position.reserved -= order.quantity
            position.quantity -= order.quantity
            position.costBasis = before == 0 ? 0 : LedgerDecimal.cents(position.costBasis * position.quantity / before)
            if authorization != nil { position.committed = max(0, position.committed - order.quantity) }
            position.committed = min(position.committed, position.quantity)
            wallet.balance += notional
            movement = (.sell, notional)
        }
        try await saveHolding(sql, position)
        let transaction = try await saveWallet(sql, wallet, movement: (movement.0, movement.1, order.id))
        let fillId = LedgerID.make()
        try await sql.execute(
            "INSERT INTO fills (id, order_id, user_id, instrument_id, side, quantity, price, notional, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            [.text(fillId), .text(order.id), .text(order.userId), .text(order.instrumentId), .text(order.side.rawValue),
             .decimal(order.quantity), .decimal(price), .decimal(notional), .int(now)])
        order.status = .filled
        order.filledQuantity = order.quantity
        order.fillPrice = price
        order.reserved = 0
        order.updatedAtNanos = now
        try await sql.execute(
            "UPDATE orders SET status = $2, filled_quantity = $3, fill_price = $4, reserved = $5, updated_at = $6 WHERE id = $1",
            [.text(order.id), .text(order.status.rawValue), .decimal(order.filledQuantity), .decimal(price), .decimal(0), .int(now)])
        try await audit(sql, .order, order.id, owner: order.userId, actor: order.placedBy, "order.filled",
                        ["price": DecimalString.format(price), "notional": DecimalString.format(notional), "fillId": fillId])
        try await audit(sql, .wallet, order.userId, owner: order.userId, actor: order.placedBy, "wallet.\(movement.0.rawValue)",
                        ["amount": DecimalString.format(movement.1), "balance": DecimalString.format(wallet.balance),
                         "transactionId": transaction?.id ?? ""])
    }
}
