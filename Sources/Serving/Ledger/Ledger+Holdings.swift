import Foundation
import Model

extension Ledger {
    /// A user's stockholdings.
    public func holdings(userId: String, page: PageRequest) async throws(ServingError) -> Page<StockHolding> {
        try await store.read { sql throws(ServingError) in
            try await self.page(sql, select: Self.holdingColumns, filter: "user_id = $1", binds: [.text(userId)], page: page, map: Self.holding, id: \.id)
        }
    }

    /// One of a user's stockholdings; any user's when `userId` is nil (admins).
    public func holding(id: String, userId: String?) async throws(ServingError) -> StockHolding {
        try await store.read { sql throws(ServingError) in
            let (filter, binds) = Self.ownedBy(userId, after: [.text(id)])
            guard let holding = try await sql.query("\(Self.holdingColumns) WHERE id = $1\(filter)", binds).first.map(Self.holding) else {
                throw Self.notFound("stockholding", id)
            }
            return holding
        }
    }

    /// Sets how many units of a holding are committed to brokers (0 … quantity).
    public func setCommitted(holdingId: String, userId: String, committed: Decimal, actor: Principal) async throws(ServingError) -> StockHolding {
        guard committed >= 0, LedgerDecimal.fits(committed, scale: LedgerDecimal.unitScale) else {
            throw ServingError(.validation, field: "committedAmount", "committedAmount must be ≥ 0 with at most 8 decimals")
        }
        return try await store.transaction { sql throws(ServingError) in
            _ = try await lockWallet(sql, userId: userId)
            guard var holding = try await lockHolding(sql, id: holdingId, userId: userId) else {
                throw Self.notFound("stockholding", holdingId)
            }
            guard committed <= holding.quantity else {
                throw ServingError(.validation, field: "committedAmount", "committedAmount \(committed) exceeds the \(holding.quantity) units held")
            }
            holding.committed = committed
            try await saveHolding(sql, holding)
            try await audit(sql, .stockholding, holding.id, owner: userId, actor: actor.userId, "stockholding.committed",
                            ["committed": DecimalString.format(committed)])
            return holding
        }
    }

    func lockHolding(_ sql: any SQLExecutor, id: String, userId: String) async throws(ServingError) -> StockHolding? {
        try await sql.query("\(Self.holdingColumns) WHERE id = $1 AND user_id = $2\(store.dialect.forUpdate)", [.text(id), .text(userId)]).first.map(Self.holding)
    }

    func lockHolding(_ sql: any SQLExecutor, userId: String, instrumentId: String) async throws(ServingError) -> StockHolding? {
        try await sql.query("\(Self.holdingColumns) WHERE user_id = $1 AND instrument_id = $2\(store.dialect.forUpdate)", [.text(userId), .text(instrumentId)]).first.map(Self.holding)
    }

    func saveHolding(_ sql: any SQLExecutor, _ holding: StockHolding) async throws(ServingError) {
        let upsert = Self.holdingUpsert(holding)
        try await sql.execute(upsert.sql, upsert.binds)
    }

    /// Inserts or updates a holding row (by id).
    static func holdingUpsert(_ holding: StockHolding) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO stockholdings (id, user_id, instrument_id, quantity, committed, reserved, cost_basis, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (id) DO UPDATE SET quantity = excluded.quantity, committed = excluded.committed,
            reserved = excluded.reserved, cost_basis = excluded.cost_basis, updated_at = excluded.updated_at
            """,
            [.text(holding.id), .text(holding.userId), .text(holding.instrumentId), .decimal(holding.quantity),
             .decimal(holding.committed), .decimal(holding.reserved), .decimal(holding.costBasis), .int(Timestamp.now())])
    }

    /// Locks a user's wallet, then reads their holding of one instrument. The wallet lock alone guards the
    /// holding: every transaction that writes a holding locks its owner's wallet first.
    ///
    /// Two statements, not one join: a Postgres statement that waits for a row lock re-reads only the locked
    /// row afterwards, so a joined holding would be the one from before the wait, not the one the previous
    /// lock holder committed. On Postgres both run in one round trip, inside the `ledger_lock_account`
    /// function (migrations 002 and 003: it also moves the wallet's version on, as ``lockWallet(_:userId:)``
    /// does); SQLite's write transactions are exclusive and local, so it asks twice.
    func lockAccount(_ sql: any SQLExecutor, userId: String, instrumentId: String) async throws(ServingError) -> (Wallet, StockHolding?) {
        guard store.dialect == .postgres else {
            let wallet = try await lockWallet(sql, userId: userId)
            let holding = try await sql.query("\(Self.holdingColumns) WHERE user_id = $1 AND instrument_id = $2", [.text(userId), .text(instrumentId)])
                .first.map(Self.holding)
            return (wallet, holding)
        }
        guard let row = try await sql.query("SELECT * FROM ledger_lock_account($1, $2)", [.text(userId), .text(instrumentId)]).first else {
            throw Self.notFound("wallet of user", userId)
        }
        return try Self.walletAndHolding(row)
    }
}
