import Foundation
import Model

extension Ledger {
    /// Orders the viewer may see: an investor's own, the ones a broker placed, all for admins.
    public func orders(viewer: Principal, page: PageRequest) async throws(ServingError) -> Page<Order> {
        try await store.read { sql throws(ServingError) in
            let (filter, binds) = Self.orderScope(viewer)
            return try await self.page(sql, select: Self.orderColumns, filter: filter, binds: binds, page: page, map: Self.order, id: \.id)
        }
    }

    /// One order the viewer may see.
    public func order(id: String, viewer: Principal) async throws(ServingError) -> Order {
        try await store.read { sql throws(ServingError) in
            try await visibleOrder(sql, id: id, viewer: viewer, lock: false)
        }
    }

    /// Fills of the orders the viewer may see, optionally of one order.
    public func fills(viewer: Principal, orderId: String?, page: PageRequest) async throws(ServingError) -> Page<Fill> {
        try await store.read { sql throws(ServingError) in
            var (filter, binds) = Self.orderScope(viewer)
            // Fills carry the investor; a broker sees the fills of orders it placed.
            if viewer.role == .broker {
                filter = "order_id IN (SELECT id FROM orders WHERE placed_by = $1)"
            }
            if let orderId {
                binds.append(.text(orderId))
                filter += (filter.isEmpty ? "" : " AND ") + "order_id = $\(binds.count)"
            }
            return try await self.page(sql, select: Self.fillColumns, filter: filter, binds: binds, page: page, map: Self.fill, id: \.id)
        }
    }

    /// Cancels an open order and releases what it reserved.
    ///
    /// - Throws: `notFound` (not the viewer's), `invalidState` (already filled, cancelled or rejected).
    public func cancelOrder(id: String, viewer: Principal) async throws(ServingError) -> Order {
        try await store.transaction { sql throws(ServingError) in
            let peek = try await visibleOrder(sql, id: id, viewer: viewer, lock: false)
            var wallet = try await lockWallet(sql, userId: peek.userId)
            var order = try await visibleOrder(sql, id: id, viewer: viewer, lock: true)
            switch OrderStateMachine.cancel(order) {
            case .reject(let reason):
                throw ServingError(.invalidState, field: "status", reason)
            case .release(let amount):
                if order.side == .buy {
                    wallet.reserved -= amount
                    _ = try await saveWallet(sql, wallet, movement: nil)
                } else if var holding = try await lockHolding(sql, userId: order.userId, instrumentId: order.instrumentId) {
                    holding.reserved -= amount
                    try await saveHolding(sql, holding)
                }
                if let authorizationId = order.authorizationId,
                    var grant = try await sql.query("\(Self.authorizationColumns) WHERE id = $1\(store.dialect.forUpdate)", [.text(authorizationId)]).first.map(Self.authorization)
                {
                    grant.used = max(0, grant.used - (order.side == .buy ? amount : order.quantity - order.filledQuantity))
                    try await sql.execute("UPDATE authorizations SET used = $2 WHERE id = $1", [.text(grant.id), .decimal(grant.used)])
                }
                order.status = .cancelled
                order.reserved = 0
                order.updatedAtNanos = Timestamp.now()
                try await sql.execute("UPDATE orders SET status = $2, reserved = $3, updated_at = $4 WHERE id = $1",
                                      [.text(id), .text(order.status.rawValue), .decimal(0), .int(order.updatedAtNanos)])
                try await audit(sql, .order, id, owner: order.userId, actor: viewer.userId, "order.cancelled",
                                ["released": DecimalString.format(amount)])
            }
            return order
        }
    }

    /// Fills the open orders of an instrument that the latest quote makes marketable, oldest first, each in
    /// its own transaction. The sizes at the touch are shared: each fill takes its quantity off the quote
    /// before the next order is matched. Called when a quote arrives.
    ///
    /// An order whose fill the database refuses (a constraint: say, a partial fill's notional a cent above
    /// what its reservation releases, with no cash to spare) is left open, and the others still match.
    ///
    /// - Returns: the orders that got a fill, as they are after it.
    /// Which of `instrumentIds` have open orders, in one query: a quote feed matches only those, rather than asking
    /// once per instrument and book.
    ///
    /// - Throws: ``ServingError`` from the store.
    public func instrumentsWithOpenOrders(_ instrumentIds: [String]) async throws(ServingError) -> Set<String> {
        guard !instrumentIds.isEmpty else { return [] }
        let placeholders = instrumentIds.indices.map { "$\($0 + 2)" }.joined(separator: ", ")
        return try await store.read { sql throws(ServingError) in
            let rows = try await sql.query(
                "SELECT DISTINCT instrument_id FROM orders WHERE status = $1 AND instrument_id IN (\(placeholders))",
                [.text(OrderStatus.open.rawValue)] + instrumentIds.map { .text($0) })
            var found: Set<String> = []
            for row in rows { found.insert(try row.string(0)) }
            return found
        }
    }

    @discardableResult
    public func matchOpenOrders(instrumentId: String) async throws(ServingError) -> [Order] {
        guard var book = quotes.quote(for: instrumentId) else { return [] }
        let open = try await store.read { sql throws(ServingError) in
            try await sql.query("\(Self.orderColumns) WHERE status = $1 AND instrument_id = $2 ORDER BY id", [.text(OrderStatus.open.rawValue), .text(instrumentId)]).map(Self.order)
        }
        var filled: [Order] = []
        for candidate in open where OrderStateMachine.onQuote(candidate, quote: book) != .wait {
            let quote = book
            let result: (order: Order, quantity: Decimal)?
            do {
                result = try await store.transaction { sql throws(ServingError) in
                    var (wallet, holding) = try await lockAccount(sql, userId: candidate.userId, instrumentId: candidate.instrumentId)
                    guard var order = try await sql.query("\(Self.orderColumns) WHERE id = $1\(store.dialect.forUpdate)", [.text(candidate.id)]).first.map(Self.order),
                        case .fill(let quantity, let price, let notional) = OrderStateMachine.onQuote(order, quote: quote)
                    else { return nil }
                    var grant = try await order.authorizationId.asyncMap { id throws(ServingError) in
                        try await sql.query("\(Self.authorizationColumns) WHERE id = $1\(store.dialect.forUpdate)", [.text(id)]).first.map(Self.authorization)
                    } ?? nil
                    var audits: [AuditRecord] = []
                    var writes = Self.fill(
                        &order, quantity: quantity, price: price, notional: notional, wallet: &wallet, holding: &holding,
                        authorization: &grant, audits: &audits)
                    if let grant, order.side == .buy { writes.append(Self.authorizationUsedUpdate(grant)) }
                    try await sql.execute(batch: [Self.orderUpdate(order)] + writes + [Self.auditInsert(audits)])
                    return (order, quantity)
                }
            } catch where error.code == .invalidState {
                continue
            }
            guard let result else { continue }
            filled.append(result.order)
            if result.order.side == .buy {
                book.askSize = book.askSize.map { $0 - result.quantity }
            } else {
                book.bidSize = book.bidSize.map { $0 - result.quantity }
            }
        }
        return filled
    }

    private func visibleOrder(_ sql: any SQLExecutor, id: String, viewer: Principal, lock: Bool) async throws(ServingError) -> Order {
        let (filter, binds) = Self.orderScope(viewer)
        let condition = filter.isEmpty ? "" : " AND \(filter)"
        let suffix = lock ? store.dialect.forUpdate : ""
        guard let order = try await sql.query("\(Self.orderColumns) WHERE id = $\(binds.count + 1)\(condition)\(suffix)", binds + [.text(id)]).first.map(Self.order) else {
            throw Self.notFound("order", id)
        }
        return order
    }

    private static func orderScope(_ viewer: Principal) -> (String, [SQLValue]) {
        switch viewer.role {
        case .admin, .system: ("", [])
        case .broker: ("placed_by = $1", [.text(viewer.userId)])
        case .investor: ("user_id = $1", [.text(viewer.userId)])
        }
    }
}

extension Optional {
    /// `map` with an async, typed-throwing transform.
    func asyncMap<U>(_ transform: (Wrapped) async throws(ServingError) -> U) async throws(ServingError) -> U? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
