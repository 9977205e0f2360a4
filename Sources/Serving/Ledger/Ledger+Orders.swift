import Foundation
import Model

extension Ledger {
    /// Places an order: validates who may place it, reserves cash (buy) or units (sell) in one transaction
    /// with the order row, and fills it in the same transaction when it is marketable now.
    ///
    /// On a store with ``VersionedWrites`` (Postgres) an investor's own order is placed optimistically
    /// (``placeOptimistically(_:by:instrumentId:quote:on:)``); a broker's order, or one whose account kept
    /// changing under it, locks the wallet first.
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
        if request.authorizationId == nil, let versioned = store as? any VersionedWrites,
            let order = try await placeOptimistically(request, by: actor, instrumentId: instrumentId, quote: quote, on: versioned) {
            return order
        }

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
            let (wallet, holding) = try await lockAccount(sql, userId: ownerId, instrumentId: instrumentId)
            if let authorizationId = request.authorizationId {
                authorization = try await sql.query("\(Self.authorizationColumns) WHERE id = $1\(store.dialect.forUpdate)", [.text(authorizationId)]).first.map(Self.authorization)
            }
            let placement = try Self.place(
                request, by: actor, owner: ownerId, instrumentId: instrumentId, quote: quote, wallet: wallet, holding: holding,
                authorization: authorization)
            try await sql.execute(batch: placement.writes)
            return placement.order
        }
    }

    /// What placing an order changes, worked out from its owner's account as read.
    struct OrderPlacement {
        /// The order as placed (and filled, when it was marketable).
        var order: Order
        /// The owner's wallet after the reservation and any fill.
        var wallet: Wallet
        /// The owner's holding of the instrument after them (`nil`: none before, and none bought).
        var holding: StockHolding?
        /// The writes, order row first (the fill row references it; SQLite runs a batch in order).
        var writes: [SQLStatement]
    }

    /// Decides an order against the account (``OrderStateMachine/place(side:type:quantity:limitPrice:quote:available:)``)
    /// and returns the rows to write: the reservation, the grant's charge and an immediate fill, each row
    /// written by one statement.
    ///
    /// - Throws: the state machine's refusal (`insufficientFunds`, `insufficientHoldings`, `noQuote`…) or the
    ///   authorization's (`authorizationExceeded`).
    static func place(
        _ request: OrderRequest, by actor: Principal, owner ownerId: String, instrumentId: String, quote: MarketQuote?,
        wallet: Wallet, holding: StockHolding?, authorization: Authorization?
    ) throws(ServingError) -> OrderPlacement {
        var wallet = wallet, holding = holding, authorization = authorization
        let available: Decimal = request.side == .buy ? wallet.available : (holding?.available ?? 0)
        let action = OrderStateMachine.place(
            side: request.side, type: request.type, quantity: request.quantity, limitPrice: request.limitPrice,
            quote: quote, available: available)
        let reserve: Decimal
        var execution: (quantity: Decimal, price: Decimal, notional: Decimal)?
        switch action {
        case .reject(let code, let field, let reason):
            throw field.map { ServingError(code, field: $0, reason) } ?? ServingError(code, reason)
        case .rest(let amount):
            reserve = amount
        case .fill(let amount, let quantity, let price, let notional):
            reserve = amount
            execution = (quantity, price, notional)
        }
        if let grant = authorization {
            try check(grant, use: request.side == .buy ? reserve : request.quantity, side: request.side, instrumentId: instrumentId, broker: actor.userId)
        }
        let now = Timestamp.now()
        var order = Order(
            id: LedgerID.make(), userId: ownerId, placedBy: actor.userId, authorizationId: request.authorizationId,
            instrumentId: instrumentId, side: request.side, type: request.type, quantity: request.quantity,
            limitPrice: request.limitPrice, automated: request.automated, status: .open, reserved: reserve,
            filledQuantity: 0, fillPrice: nil, createdAtNanos: now, updatedAtNanos: now)
        if request.side == .buy { wallet.reserved += reserve } else { holding?.reserved += reserve }
        authorization?.used += request.side == .buy ? reserve : request.quantity
        var audits = [AuditRecord(
            entity: .order, entityId: order.id, owner: ownerId, actor: actor.userId, action: "order.placed",
            detail: ["side": order.side.rawValue, "type": order.type.rawValue, "quantity": DecimalString.format(order.quantity),
                     "reserved": DecimalString.format(reserve)])]
        var writes: [SQLStatement]
        if let execution {
            writes = fill(&order, quantity: execution.quantity, price: execution.price, notional: execution.notional,
                          wallet: &wallet, holding: &holding, authorization: &authorization, audits: &audits)
        } else if request.side == .buy {
            writes = walletWrites(wallet, movement: nil).0
        } else {
            writes = holding.map { [holdingUpsert($0)] } ?? []
        }
        if let grant = authorization {
            writes.append(authorizationUsedUpdate(grant))
            audits.append(AuditRecord(
                entity: .authorization, entityId: grant.id, owner: ownerId, actor: actor.userId, action: "authorization.used",
                detail: ["used": DecimalString.format(grant.used)]))
        }
        return OrderPlacement(order: order, wallet: wallet, holding: holding, writes: [orderInsert(order)] + writes + [auditInsert(audits)])
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

    /// Fills `quantity` of an open order at `price` for `notional`: gives back the fill's share of the
    /// reservation (``OrderStateMachine/release(_:quantity:notional:)``), moves cash and units, and returns
    /// the writes (holding, wallet, wallet transaction, fill row; not the order row, which the caller
    /// inserts or updates) for the caller's transaction, which holds the owner's wallet lock. `holding`
    /// becomes the position after the fill.
    ///
    /// A buy's authorization keeps only what the fill spent of what it reserved. The order is `filled` once
    /// its whole quantity is; the unfilled rest of a market order is cancelled.
    static func fill(
        _ order: inout Order, quantity: Decimal, price: Decimal, notional: Decimal, wallet: inout Wallet,
        holding: inout StockHolding?, authorization: inout Authorization?, audits: inout [AuditRecord]
    ) -> [SQLStatement] {
        let now = Timestamp.now()
        let release = OrderStateMachine.release(order, quantity: quantity, notional: notional)
        var position = holding ?? StockHolding(
            id: LedgerID.make(), userId: order.userId, instrumentId: order.instrumentId, quantity: 0, committed: 0,
            reserved: 0, costBasis: 0, updatedAtNanos: now)
        let movement: (WalletTransaction.Kind, Decimal)
        switch order.side {
        case .buy:
            wallet.reserved -= release
            wallet.balance -= notional
            position.quantity += quantity
            position.costBasis += notional
            movement = (.buy, -notional)
            authorization?.used -= release - notional
        case .sell:
            let before = position.quantity
            position.reserved -= release
            position.quantity -= quantity
            position.costBasis = before == 0 ? 0 : LedgerDecimal.cents(position.costBasis * position.quantity / before)
            if authorization != nil { position.committed = max(0, position.committed - quantity) }
            position.committed = min(position.committed, position.quantity)
            wallet.balance += notional
            movement = (.sell, notional)
        }
        let (walletStatements, transaction) = walletWrites(wallet, movement: (movement.0, movement.1, order.id))
        let fillId = LedgerID.make()
        let fillInsert = SQLStatement(
            "INSERT INTO fills (id, order_id, user_id, instrument_id, side, quantity, price, notional, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            [.text(fillId), .text(order.id), .text(order.userId), .text(order.instrumentId), .text(order.side.rawValue),
             .decimal(quantity), .decimal(price), .decimal(notional), .int(now)])
        // The order's price is the average of its fills.
        let filledBefore = order.filledQuantity
        order.filledQuantity += quantity
        order.fillPrice = LedgerDecimal.round(
            ((order.fillPrice ?? 0) * filledBefore + price * quantity) / order.filledQuantity, scale: LedgerDecimal.unitScale, mode: .plain)
        order.reserved -= release
        order.updatedAtNanos = now
        let complete = order.filledQuantity == order.quantity
        order.status = complete ? .filled : (order.type == .market ? .cancelled : .open)
        audits.append(AuditRecord(
            entity: .order, entityId: order.id, owner: order.userId, actor: order.placedBy,
            action: complete ? "order.filled" : "order.partially_filled",
            detail: ["quantity": DecimalString.format(quantity), "price": DecimalString.format(price),
                     "notional": DecimalString.format(notional), "fillId": fillId]))
        if order.status == .cancelled {
            audits.append(AuditRecord(
                entity: .order, entityId: order.id, owner: order.userId, actor: order.placedBy, action: "order.cancelled",
                detail: ["unfilled": DecimalString.format(order.quantity - order.filledQuantity), "reason": "no more size at the touch"]))
        }
        audits.append(AuditRecord(
            entity: .wallet, entityId: order.userId, owner: order.userId, actor: order.placedBy, action: "wallet.\(movement.0.rawValue)",
            detail: ["amount": DecimalString.format(movement.1), "balance": DecimalString.format(wallet.balance),
                     "transactionId": transaction?.id ?? ""]))
        holding = position
        return [holdingUpsert(position)] + walletStatements + [fillInsert]
    }

    /// Writes how much of a grant is used.
    static func authorizationUsedUpdate(_ grant: Authorization) -> SQLStatement {
        SQLStatement("UPDATE authorizations SET used = $2 WHERE id = $1", [.text(grant.id), .decimal(grant.used)])
    }

    /// Inserts an order row.
    static func orderInsert(_ order: Order) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO orders (id, user_id, placed_by, authorization_id, instrument_id, side, type, quantity, limit_price,
            automated, status, reserved, filled_quantity, fill_price, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            """,
            [.text(order.id), .text(order.userId), .text(order.placedBy), .text(order.authorizationId), .text(order.instrumentId),
             .text(order.side.rawValue), .text(order.type.rawValue), .decimal(order.quantity), .decimal(order.limitPrice),
             .int(order.automated ? 1 : 0), .text(order.status.rawValue), .decimal(order.reserved), .decimal(order.filledQuantity),
             .decimal(order.fillPrice), .int(order.createdAtNanos), .int(order.updatedAtNanos)])
    }

    /// Writes an order's execution state (status, filled quantity, price, reservation).
    static func orderUpdate(_ order: Order) -> SQLStatement {
        SQLStatement(
            "UPDATE orders SET status = $2, filled_quantity = $3, fill_price = $4, reserved = $5, updated_at = $6 WHERE id = $1",
            [.text(order.id), .text(order.status.rawValue), .decimal(order.filledQuantity), .decimal(order.fillPrice),
             .decimal(order.reserved), .int(order.updatedAtNanos)])
    }
}
