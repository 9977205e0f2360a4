import Foundation
import Model

extension Ledger {
    /// An investor authorizes a broker: to spend up to `limit` cash (capital), or to sell up to `limit`
    /// units of one holding (stock holding; those units become committed).
    ///
    /// - Throws: `validation` (broker, limit, instrument), `insufficientHoldings`.
    public func createAuthorization(
        investor: Principal, brokerId: String, kind: Authorization.Kind, instrumentId: String?, limit: Decimal
    ) async throws(ServingError) -> Authorization {
        guard investor.role == .investor else { throw ServingError(.forbidden, "only investors grant authorizations") }
        let scale = kind == .capital ? LedgerDecimal.moneyScale : LedgerDecimal.unitScale
        try Self.requirePositive(limit, field: "limit", scale: scale)
        let instrument: String?
        if kind == .stockHolding {
            guard let instrumentId, let listing = stocks.listing(instrumentId) else {
                throw ServingError(.validation, field: "stockId", "a StockHolding authorization names a known stockId")
            }
            instrument = listing.instrument.id
        } else {
            instrument = nil
        }
        let now = Timestamp.now()
        let authorization = Authorization(
            id: LedgerID.make(), investorId: investor.userId, brokerId: brokerId, kind: kind, instrumentId: instrument,
            limit: limit, used: 0, status: .active, createdAtNanos: now, revokedAtNanos: nil)
        return try await store.transaction { sql throws(ServingError) in
            let broker = try await sql.query("SELECT role FROM users WHERE id = $1 AND deleted_at IS NULL", [.text(brokerId)])
            guard broker.first?.optionalString(0) == UserRole.broker.rawValue else {
                throw ServingError(.validation, field: "brokerId", "brokerId must name a registered broker")
            }
            _ = try await lockWallet(sql, userId: investor.userId)
            if let instrument {
                guard var holding = try await lockHolding(sql, userId: investor.userId, instrumentId: instrument),
                    holding.quantity - holding.committed >= limit
                else {
                    throw ServingError(.insufficientHoldings, field: "limit", "not enough uncommitted units of \(instrument) to commit \(limit)")
                }
                holding.committed += limit
                try await saveHolding(sql, holding)
            }
            try await sql.execute(
                "INSERT INTO authorizations (id, investor_id, broker_id, kind, instrument_id, limit_amount, used, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                [.text(authorization.id), .text(investor.userId), .text(brokerId), .text(kind.rawValue), .text(instrument),
                 .decimal(limit), .decimal(0), .text(Authorization.Status.active.rawValue), .int(now)])
            try await audit(sql, .authorization, authorization.id, owner: investor.userId, actor: investor.userId, "authorization.created",
                            ["brokerId": brokerId, "kind": kind.rawValue, "limit": DecimalString.format(limit)])
            return authorization
        }
    }

    /// Authorizations the viewer granted (investor) or received (broker); all for admins.
    public func authorizations(viewer: Principal, page: PageRequest) async throws(ServingError) -> Page<Authorization> {
        try await store.read { sql throws(ServingError) in
            let (filter, binds) = Self.authorizationScope(viewer)
            return try await self.page(sql, select: Self.authorizationColumns, filter: filter, binds: binds, page: page, map: Self.authorization, id: \.id)
        }
    }

    /// One authorization the viewer granted or received.
    public func authorization(id: String, viewer: Principal) async throws(ServingError) -> Authorization {
        try await store.read { sql throws(ServingError) in
            let (filter, binds) = Self.authorizationScope(viewer)
            let condition = filter.isEmpty ? "" : " AND \(filter)"
            guard let found = try await sql.query("\(Self.authorizationColumns) WHERE id = $\(binds.count + 1)\(condition)", binds + [.text(id)]).first.map(Self.authorization) else {
                throw Self.notFound("authorization", id)
            }
            return found
        }
    }

    /// The investor revokes an authorization: brokers can no longer use it; committed units it did not use
    /// are released. Orders already placed under it stay.
    ///
    /// - Throws: `notFound`, `invalidState` when already revoked.
    public func revokeAuthorization(id: String, investor: Principal) async throws(ServingError) -> Authorization {
        try await store.transaction { sql throws(ServingError) in
            _ = try await lockWallet(sql, userId: investor.userId)
            guard var authorization = try await sql.query("\(Self.authorizationColumns) WHERE id = $1 AND investor_id = $2\(store.dialect.forUpdate)", [.text(id), .text(investor.userId)]).first.map(Self.authorization) else {
                throw Self.notFound("authorization", id)
            }
            guard authorization.status == .active else { throw ServingError(.invalidState, "authorization \(id) is already revoked") }
            if let instrument = authorization.instrumentId, var holding = try await lockHolding(sql, userId: investor.userId, instrumentId: instrument) {
                holding.committed = max(0, holding.committed - authorization.remaining)
                try await saveHolding(sql, holding)
            }
            authorization.status = .revoked
            authorization.revokedAtNanos = Timestamp.now()
            try await sql.execute("UPDATE authorizations SET status = $2, revoked_at = $3 WHERE id = $1",
                                  [.text(id), .text(Authorization.Status.revoked.rawValue), .int(authorization.revokedAtNanos)])
            try await audit(sql, .authorization, id, owner: investor.userId, actor: investor.userId, "authorization.revoked", [:])
            return authorization
        }
    }

    private static func authorizationScope(_ viewer: Principal) -> (String, [SQLValue]) {
        switch viewer.role {
        case .admin, .system: ("", [])
        case .broker: ("broker_id = $1", [.text(viewer.userId)])
        case .investor: ("investor_id = $1", [.text(viewer.userId)])
        }
    }
}
