import Foundation
import Model

/// The ledger's domain logic — users, wallets, holdings, authorizations, orders, portfolios and their
/// audit trail — written once over any ``LedgerStore``.
///
/// Every state change runs in one store transaction together with its audit event; the wallet row is
/// locked first in every transaction that touches a user's money or holdings, so that one user's changes
/// serialise and never deadlock. On Postgres that lock also moves the wallet's version on, which lets an
/// investor's order skip the lock: it writes in one statement guarded by the version it read
/// (``placeOptimistically(_:by:instrumentId:quote:on:)``).
public final class Ledger: Sendable {
    /// The database.
    public let store: any LedgerStore
    /// The tradable stocks.
    public let stocks: StockCatalog
    /// Where orders are priced.
    public let quotes: any QuoteProvider
    /// The currency of every wallet.
    public let currency: String
    /// Sessions verified recently (see ``activeRole(userId:sessionFamily:)``).
    public let sessions: SessionCache
    /// Told of every committed change of a portfolio's holdings (``HoldingsPublisher`` feeds the risk stage).
    public let portfolioChanges: (any PortfolioChangeListener)?
    /// Accounts as this process's optimistic orders last wrote them.
    let accounts = AccountCache()

    /// Creates a ledger over a migrated store.
    ///
    /// - Parameter portfolioChanges: told of each portfolio whose holdings changed, after the change commits.
    public init(
        store: any LedgerStore, stocks: StockCatalog, quotes: any QuoteProvider, currency: String = "USD",
        sessions: SessionCache = SessionCache(), portfolioChanges: (any PortfolioChangeListener)? = nil
    ) {
        self.store = store
        self.stocks = stocks
        self.quotes = quotes
        self.currency = currency
        self.sessions = sessions
        self.portfolioChanges = portfolioChanges
    }

    /// One state change for the audit trail.
    struct AuditRecord {
        var entity: AuditEvent.Entity
        var entityId: String
        var owner: String
        var actor: String
        var action: String
        var detail: [String: String]
    }

    /// Records a state change in the audit trail, inside the caller's transaction.
    func audit(
        _ sql: any SQLExecutor, _ entity: AuditEvent.Entity, _ entityId: String, owner: String, actor: String,
        _ action: String, _ detail: [String: String]
    ) async throws(ServingError) {
        let insert = Self.auditInsert([AuditRecord(entity: entity, entityId: entityId, owner: owner, actor: actor, action: action, detail: detail)])
        try await sql.execute(insert.sql, insert.binds)
    }

    /// One INSERT of several audit events.
    static func auditInsert(_ records: [AuditRecord]) -> SQLStatement {
        var rows: [String] = []
        var binds: [SQLValue] = []
        let now = Timestamp.now()
        for record in records {
            let json = Self.detailJSON(record.detail)
            let first = binds.count + 1
            rows.append("(" + (first..<first + 8).map { "$\($0)" }.joined(separator: ", ") + ")")
            binds += [.text(LedgerID.make()), .text(record.entity.rawValue), .text(record.entityId), .text(record.owner),
                      .text(record.actor), .text(record.action), .text(json), .int(now)]
        }
        return SQLStatement(
            "INSERT INTO audit_events (id, entity, entity_id, owner_id, actor_id, action, detail, created_at) VALUES \(rows.joined(separator: ", "))",
            binds)
    }

    /// An audit detail as a JSON object with sorted keys, written directly: every order writes one, and
    /// `JSONSerialization` cost more than the rest of building the order's statements.
    static func detailJSON(_ detail: [String: String]) -> String {
        var json: [UInt8] = [UInt8(ascii: "{")]
        json.reserveCapacity(16 + detail.count * 32)
        for (index, key) in detail.keys.sorted().enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            appendJSONString(key, to: &json)
            json.append(UInt8(ascii: ":"))
            appendJSONString(detail[key]!, to: &json)
        }
        json.append(UInt8(ascii: "}"))
        return String(decoding: json, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string literal, escaped as `JSONSerialization` escapes it (`\/` included).
    private static func appendJSONString(_ text: String, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): json += [UInt8(ascii: "\\"), byte]
            case 0x0A: json += Array("\\n".utf8)
            case 0x0D: json += Array("\\r".utf8)
            case 0x09: json += Array("\\t".utf8)
            case 0x08: json += Array("\\b".utf8)
            case 0x0C: json += Array("\\f".utf8)
            case ..<0x20: json += Array("\\u00".utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default: json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
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

    /// ` AND user_id = $n` restricting a lookup to an owner (nothing for nil), with `binds` extended.
    static func ownedBy(_ userId: String?, after binds: [SQLValue]) -> (String, [SQLValue]) {
        guard let userId else { return ("", binds) }
        return (" AND user_id = $\(binds.count + 1)", binds + [.text(userId)])
    }

    static func notFound(_ what: String, _ id: String) -> ServingError {
        ServingError(.notFound, "\(what) \(id) not found")
    }
}
