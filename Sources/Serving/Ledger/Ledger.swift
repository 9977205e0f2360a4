import Foundation
import Model

/// The ledger's domain logic — users, wallets, holdings, authorizations, orders, portfolios and their
/// audit trail — written once over any ``LedgerStore``.
///
/// Every state change runs in one store transaction together with its audit event; the wallet row is
/// locked first in every transaction that touches a user's money or holdings, so that one user's changes
/// serialise and never deadlock.
public final class Ledger: Sendable {
    /// The database.
    public let store: any LedgerStore
    /// The tradable stocks.
    public let stocks: StockCatalog
    /// Where orders are priced.
    public let quotes: any QuoteProvider
    /// The currency of every wallet.
    public let currency: String

    /// Creates a ledger over a migrated store.
    public init(store: any LedgerStore, stocks: StockCatalog, quotes: any QuoteProvider, currency: String = "USD") {
        self.store = store
        self.stocks = stocks
        self.quotes = quotes
        self.currency = currency
    }

    /// Records a state change in the audit trail, inside the caller's transaction.
    func audit(
        _ sql: any SQLExecutor, _ entity: AuditEvent.Entity, _ entityId: String, owner: String, actor: String,
        _ action: String, _ detail: [String: String]
    ) async throws(ServingError) {
        let json = (try? JSONSerialization.data(withJSONObject: detail, options: [.sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        try await sql.execute(
            "INSERT INTO audit_events (id, entity, entity_id, owner_id, actor_id, action, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            [.text(LedgerID.make()), .text(entity.rawValue), .text(entityId), .text(owner), .text(actor), .text(action), .text(json), .int(Timestamp.now())])
    }

    /// Pages through `select … WHERE <filter> [AND id > cursor] ORDER BY id LIMIT n+1`.
    func page<Item: Sendable>(
        _ sql: any SQLExecutor, select: String, filter: String, binds: [SQLValue], page: PageRequest,
        map: (SQLRow) throws(ServingError) -> Item, id: (Item) -> String
    ) async throws(ServingError) -> Page<Item> {
        var binds = binds
        var condition = filter
        if let after = page.after {
            binds.append(.text(after))
            condition += (condition.isEmpty ? "" : " AND ") + "id > $\(binds.count)"
        }
        binds.append(.int(Int64(page.limit + 1)))
        let statement = "\(select)\(condition.isEmpty ? "" : " WHERE \(condition)") ORDER BY id LIMIT $\(binds.count)"
        var items: [Item] = []
        for row in try await sql.query(statement, binds) { items.append(try map(row)) }
        return Page.from(items, limit: page.limit, id: id)
    }

    /// Throws `validation` unless `value` is a positive amount of at most `scale` decimals that fits the schema.
    static func requirePositive(_ value: Decimal, field: String, scale: Int) throws(ServingError) {
        guard value > 0 else { throw ServingError(.validation, field: field, "\(field) must be positive") }
        guard LedgerDecimal.fits(value, scale: scale) else {
            throw ServingError(.validation, field: field, "\(field) must have at most \(scale) decimals and \(20 - scale) integer digits")
        }
    }

    static func notFound(_ what: String, _ id: String) -> ServingError {
        ServingError(.notFound, "\(what) \(id) not found")
    }
}
