import Foundation
import Model

/// Column lists and row decoders, one per table, shared by every query of it.
extension Ledger {
    static let userColumns = "SELECT id, email, name, role, created_at, updated_at FROM users"
    static func user(_ row: SQLRow) throws(ServingError) -> User {
        User(
            id: try row.string(0), email: try row.string(1), name: try row.string(2),
            role: UserRole(rawValue: try row.string(3)) ?? .investor, createdAtNanos: try row.int(4),
            updatedAtNanos: try row.int(5))
    }

    /// The columns ``wallet(_:)`` decodes, in order.
    static let walletColumnList = "user_id, currency, balance, reserved, updated_at"
    static let walletColumns = "SELECT \(walletColumnList) FROM wallets"
    static func wallet(_ row: SQLRow) throws(ServingError) -> Wallet {
        Wallet(
            userId: try row.string(0), currency: try row.string(1), balance: try row.decimal(2),
            reserved: try row.decimal(3), updatedAtNanos: try row.int(4))
    }

    /// A wallet's columns from `start`, followed by a holding's (all null when there is none): an account row,
    /// as `ledger_lock_account` returns it and ``readAccount(userId:instrumentId:)`` reads it.
    static func walletAndHolding(_ row: SQLRow, from start: Int = 0) throws(ServingError) -> (Wallet, StockHolding?) {
        let holding = SQLRow(Array(row.values[(start + 5)...]))
        return (try wallet(SQLRow(Array(row.values[start..<start + 5]))), holding.values[0] == .null ? nil : try Self.holding(holding))
    }

    static let transactionColumns = "SELECT id, user_id, kind, amount, balance_after, order_id, created_at FROM wallet_transactions"
    static func transaction(_ row: SQLRow) throws(ServingError) -> WalletTransaction {
        WalletTransaction(
            id: try row.string(0), userId: try row.string(1),
            kind: WalletTransaction.Kind(rawValue: try row.string(2)) ?? .adjustment, amount: try row.decimal(3),
            balanceAfter: try row.decimal(4), orderId: row.optionalString(5), createdAtNanos: try row.int(6))
    }

    static let holdingColumns = "SELECT id, user_id, instrument_id, quantity, committed, reserved, cost_basis, updated_at FROM stockholdings"
    static func holding(_ row: SQLRow) throws(ServingError) -> StockHolding {
        StockHolding(
            id: try row.string(0), userId: try row.string(1), instrumentId: try row.string(2),
            quantity: try row.decimal(3), committed: try row.decimal(4), reserved: try row.decimal(5),
            costBasis: try row.decimal(6), updatedAtNanos: try row.int(7))
    }

    static let authorizationColumns = "SELECT id, investor_id, broker_id, kind, instrument_id, limit_amount, used, status, created_at, revoked_at FROM authorizations"
    static func authorization(_ row: SQLRow) throws(ServingError) -> Authorization {
        Authorization(
            id: try row.string(0), investorId: try row.string(1), brokerId: try row.string(2),
            kind: Authorization.Kind(rawValue: try row.string(3)) ?? .capital, instrumentId: row.optionalString(4),
            limit: try row.decimal(5), used: try row.decimal(6),
            status: Authorization.Status(rawValue: try row.string(7)) ?? .revoked, createdAtNanos: try row.int(8),
            revokedAtNanos: row.optionalInt(9))
    }

    static let orderColumns = "SELECT id, user_id, placed_by, authorization_id, instrument_id, side, type, quantity, limit_price, automated, status, reserved, filled_quantity, fill_price, created_at, updated_at FROM orders"
    static func order(_ row: SQLRow) throws(ServingError) -> Order {
        Order(
            id: try row.string(0), userId: try row.string(1), placedBy: try row.string(2),
            authorizationId: row.optionalString(3), instrumentId: try row.string(4),
            side: OrderSide(rawValue: try row.string(5)) ?? .buy, type: OrderType(rawValue: try row.string(6)) ?? .market,
            quantity: try row.decimal(7), limitPrice: try row.optionalDecimal(8), automated: try row.int(9) != 0,
            status: OrderStatus(rawValue: try row.string(10)) ?? .rejected, reserved: try row.decimal(11),
            filledQuantity: try row.decimal(12), fillPrice: try row.optionalDecimal(13), createdAtNanos: try row.int(14),
            updatedAtNanos: try row.int(15))
    }

    static let fillColumns = "SELECT id, order_id, user_id, instrument_id, side, quantity, price, notional, created_at FROM fills"
    static func fill(_ row: SQLRow) throws(ServingError) -> Fill {
        Fill(
            id: try row.string(0), orderId: try row.string(1), userId: try row.string(2),
            instrumentId: try row.string(3), side: OrderSide(rawValue: try row.string(4)) ?? .buy,
            quantity: try row.decimal(5), price: try row.decimal(6), notional: try row.decimal(7),
            createdAtNanos: try row.int(8))
    }

    static let auditColumns = "SELECT id, entity, entity_id, owner_id, actor_id, action, detail, created_at FROM audit_events"
    static func auditEvent(_ row: SQLRow) throws(ServingError) -> AuditEvent {
        AuditEvent(
            id: try row.string(0), entity: AuditEvent.Entity(rawValue: try row.string(1)) ?? .order,
            entityId: try row.string(2), ownerId: try row.string(3), actorId: try row.string(4),
            action: try row.string(5), detail: try row.string(6), createdAtNanos: try row.int(7))
    }
}
