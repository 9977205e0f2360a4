import Foundation
import Model

extension Ledger {
    /// A user's wallet.
    public func wallet(userId: String) async throws(ServingError) -> Wallet {
        try await store.read { sql throws(ServingError) in
            guard let wallet = try await sql.query("\(Self.walletColumns) WHERE user_id = $1", [.text(userId)]).first.map(Self.wallet) else {
                throw Self.notFound("wallet of user", userId)
            }
            return wallet
        }
    }

    /// Locks and reads a wallet inside a transaction: the first lock of every money-moving transaction.
    ///
    /// On Postgres the lock is an UPDATE that moves the wallet's version on, so that an order placed
    /// optimistically (``placeOptimistically(_:by:instrumentId:quote:on:)``) over an account read before
    /// this transaction refuses to write.
    func lockWallet(_ sql: any SQLExecutor, userId: String) async throws(ServingError) -> Wallet {
        let lock = switch store.dialect {
        case .postgres: "UPDATE wallets SET version = version + 1 WHERE user_id = $1 RETURNING \(Self.walletColumnList)"
        case .sqlite: "\(Self.walletColumns) WHERE user_id = $1"
        }
        guard let wallet = try await sql.query(lock, [.text(userId)]).first.map(Self.wallet) else {
            throw Self.notFound("wallet of user", userId)
        }
        return wallet
    }

    /// Writes a wallet's balance and reservation, and records the transaction when the balance moved.
    func saveWallet(
        _ sql: any SQLExecutor, _ wallet: Wallet, movement: (kind: WalletTransaction.Kind, amount: Decimal, orderId: String?)?
    ) async throws(ServingError) -> WalletTransaction? {
        let (statements, transaction) = Self.walletWrites(wallet, movement: movement)
        try await sql.execute(batch: statements)
        return transaction
    }

    /// The wallet row's write in ``walletWrites(_:movement:)``.
    static let walletUpdateSQL = "UPDATE wallets SET balance = $2, reserved = $3, updated_at = $4 WHERE user_id = $1"

    /// The statements of ``saveWallet(_:_:movement:)``: the wallet UPDATE, and the transaction INSERT when
    /// the balance moved.
    static func walletWrites(
        _ wallet: Wallet, movement: (kind: WalletTransaction.Kind, amount: Decimal, orderId: String?)?
    ) -> ([SQLStatement], WalletTransaction?) {
        let now = Timestamp.now()
        let update = SQLStatement(
            walletUpdateSQL,
            [.text(wallet.userId), .decimal(wallet.balance), .decimal(wallet.reserved), .int(now)])
        guard let movement else { return ([update], nil) }
        let transaction = WalletTransaction(
            id: LedgerID.make(), userId: wallet.userId, kind: movement.kind, amount: movement.amount,
            balanceAfter: wallet.balance, orderId: movement.orderId, createdAtNanos: now)
        let insert = SQLStatement(
            "INSERT INTO wallet_transactions (id, user_id, kind, amount, balance_after, order_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            [.text(transaction.id), .text(transaction.userId), .text(transaction.kind.rawValue), .decimal(transaction.amount),
             .decimal(transaction.balanceAfter), .text(transaction.orderId), .int(now)])
        return ([update, insert], transaction)
    }

    /// Deposits or withdraws cash. A withdrawal may take only available cash (not what open orders hold).
    ///
    /// - Throws: `validation` (amount, kind), `insufficientFunds`.
    public func createTransaction(
        userId: String, kind: WalletTransaction.Kind, amount: Decimal, actor: Principal
    ) async throws(ServingError) -> WalletTransaction {
        guard kind == .deposit || kind == .withdraw else {
            throw ServingError(.validation, field: "type", "type must be deposit or withdraw")
        }
        try Self.requirePositive(amount, field: "amount", scale: LedgerDecimal.moneyScale)
        return try await store.transaction { sql throws(ServingError) in
            var wallet = try await lockWallet(sql, userId: userId)
            let signed = kind == .deposit ? amount : -amount
            if kind == .withdraw, amount > wallet.available {
                throw ServingError(.insufficientFunds, field: "amount", "cannot withdraw \(amount): \(wallet.available) available")
            }
            wallet.balance += signed
            guard LedgerDecimal.fits(wallet.balance, scale: LedgerDecimal.moneyScale) else {
                throw ServingError(.validation, field: "amount", "the balance would exceed NUMERIC(20,2)")
            }
            let transaction = try await saveWallet(sql, wallet, movement: (kind, signed, nil))!
            try await audit(sql, .wallet, userId, owner: userId, actor: actor.userId, "wallet.\(kind.rawValue)",
                            ["amount": DecimalString.format(signed), "balance": DecimalString.format(wallet.balance), "transactionId": transaction.id])
            return transaction
        }
    }

    /// Changes a balance by `delta` (system requests: settlement from another service).
    ///
    /// - Throws: `validation`, `insufficientFunds` when the balance would drop below what is reserved.
    public func adjustBalance(userId: String, delta: Decimal, actor: Principal) async throws(ServingError) -> Wallet {
        guard delta != 0, LedgerDecimal.fits(delta, scale: LedgerDecimal.moneyScale) else {
            throw ServingError(.validation, field: "amount", "amount must be a non-zero amount with at most 2 decimals")
        }
        return try await store.transaction { sql throws(ServingError) in
            var wallet = try await lockWallet(sql, userId: userId)
            wallet.balance += delta
            guard wallet.balance >= wallet.reserved else {
                throw ServingError(.insufficientFunds, field: "amount", "the balance would drop below the \(wallet.reserved) reserved")
            }
            guard LedgerDecimal.fits(wallet.balance, scale: LedgerDecimal.moneyScale) else {
                throw ServingError(.validation, field: "amount", "the balance would exceed NUMERIC(20,2)")
            }
            _ = try await saveWallet(sql, wallet, movement: (.adjustment, delta, nil))
            try await audit(sql, .wallet, userId, owner: userId, actor: actor.userId, "wallet.adjusted",
                            ["amount": DecimalString.format(delta), "balance": DecimalString.format(wallet.balance)])
            return wallet
        }
    }

    /// A user's wallet transactions, oldest first.
    public func transactions(userId: String, page: PageRequest) async throws(ServingError) -> Page<WalletTransaction> {
        try await store.read { sql throws(ServingError) in
            try await self.page(sql, select: Self.transactionColumns, filter: "user_id = $1", binds: [.text(userId)], page: page, map: Self.transaction, id: \.id)
        }
    }

    /// One of a user's wallet transactions; any user's when `userId` is nil (admins).
    public func transaction(id: String, userId: String?) async throws(ServingError) -> WalletTransaction {
        try await store.read { sql throws(ServingError) in
            let (filter, binds) = Self.ownedBy(userId, after: [.text(id)])
            guard let transaction = try await sql.query("\(Self.transactionColumns) WHERE id = $1\(filter)", binds).first.map(Self.transaction) else {
                throw Self.notFound("transaction", id)
            }
            return transaction
        }
    }

    /// The audit trail: a user's own events, or everyone's for admins; optionally of one entity.
    public func auditEvents(viewer: Principal, entityId: String?, page: PageRequest) async throws(ServingError) -> Page<AuditEvent> {
        try await store.read { sql throws(ServingError) in
            var conditions: [String] = []
            var binds: [SQLValue] = []
            if !viewer.seesEverything {
                binds.append(.text(viewer.userId))
                conditions.append("owner_id = $\(binds.count)")
            }
            if let entityId {
                binds.append(.text(entityId))
                conditions.append("entity_id = $\(binds.count)")
            }
            return try await self.page(sql, select: Self.auditColumns, filter: conditions.joined(separator: " AND "), binds: binds, page: page, map: Self.auditEvent, id: \.id)
        }
    }
}
