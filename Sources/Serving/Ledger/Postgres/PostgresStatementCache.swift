import Synchronization

/// Which ledger statements run as named prepared statements, and on which connections they are prepared.
///
/// PostgresNIO sends a plain query as an unnamed statement, so Postgres parses, analyses and plans it on every
/// call: for an order's batched write (one statement of several data-modifying CTEs) that is a third of the
/// server's work. A statement text that has once succeeded unnamed (with the same bind types) gets a name and
/// from then on runs as a prepared statement (``PostgresLedgerStatement``): each connection parses it once and
/// Postgres keeps its plan for the session. Waiting for a success matters: PostgresNIO remembers a failed
/// preparation on its connection and fails every later execution of that name with it.
///
/// Bounded: at most ``maxStatements`` distinct texts are tracked (later ones just run unnamed) and at most
/// ``maxPerConnection`` are prepared on one connection; connection ids (never reused by PostgresNIO) past
/// ``maxConnections`` are forgotten oldest first.
final class PostgresStatementCache: Sendable {
    /// Distinct statement texts tracked. Default 512.
    let maxStatements: Int
    /// Statements prepared per connection. Default 128.
    let maxPerConnection: Int
    /// Connections remembered. Default 256.
    let maxConnections: Int

    private struct State {
        /// Per signature that has succeeded unnamed: its name.
        var names: [String: String] = [:]
        var named = 0
        var prepared: [Int: Set<String>] = [:]
    }

    private let state = Mutex(State())

    init(maxStatements: Int = 512, maxPerConnection: Int = 128, maxConnections: Int = 256) {
        self.maxStatements = maxStatements
        self.maxPerConnection = maxPerConnection
        self.maxConnections = maxConnections
    }

    /// How to run a statement.
    enum Plan: Equatable {
        /// As an unnamed statement; on success, report `signature` (when set) with ``succeeded(_:)``.
        case unnamed(signature: String?)
        /// As the prepared statement `name`; `firstOnConnection` when this connection prepares it now (report it
        /// with ``prepared(_:on:)`` once it ran).
        case named(String, firstOnConnection: Bool)
    }

    /// Decides how to run `sql` with `binds` on connection `connection`. Only queries and data changes are
    /// prepared: DDL and other utility statements always run unnamed.
    func plan(_ sql: String, _ binds: [SQLValue], connection: Int) -> Plan {
        guard Self.isPreparable(sql) else { return .unnamed(signature: nil) }
        let signature = Self.signature(sql, binds)
        return state.withLock { state in
            guard let name = state.names[signature] else {
                return .unnamed(signature: state.names.count < maxStatements ? signature : nil)
            }
            if state.prepared[connection]?.contains(name) == true { return .named(name, firstOnConnection: false) }
            return (state.prepared[connection]?.count ?? 0) < maxPerConnection ? .named(name, firstOnConnection: true) : .unnamed(signature: nil)
        }
    }

    /// An unnamed run of `signature` succeeded: the statement gets a name.
    func succeeded(_ signature: String) {
        state.withLock { state in
            guard state.names[signature] == nil, state.names.count < maxStatements else { return }
            state.named += 1
            state.names[signature] = "tickflow_\(state.named)"
        }
    }

    /// Records that `connection` has prepared `name`.
    func prepared(_ name: String, on connection: Int) {
        state.withLock { state in
            state.prepared[connection, default: []].insert(name)
            if state.prepared.count > maxConnections, let oldest = state.prepared.keys.min() {
                state.prepared[oldest] = nil
            }
        }
    }

    /// Whether Postgres can prepare the statement: it starts with SELECT, INSERT, UPDATE, DELETE, WITH or VALUES.
    static func isPreparable(_ sql: String) -> Bool {
        var keyword: [UInt8] = []
        for byte in sql.utf8 {
            if keyword.isEmpty, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") { continue }
            let upper = byte & 0xDF
            guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(upper) else { break }
            keyword.append(upper)
            if keyword.count > 6 { return false }
        }
        return preparable.contains(keyword)
    }

    private static let preparable: Set<[UInt8]> = Set(["SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "VALUES"].map { Array($0.utf8) })

    /// The statement's text with its bind types: one text bound with other types is another statement.
    static func signature(_ sql: String, _ binds: [SQLValue]) -> String {
        var signature = sql
        signature.reserveCapacity(sql.utf8.count + binds.count + 1)
        signature.append("\u{0}")
        for bind in binds {
            switch bind {
            case .null: signature.append("u")
            case .int: signature.append("i")
            case .text: signature.append("t")
            case .decimal: signature.append("d")
            }
        }
        return signature
    }
}
