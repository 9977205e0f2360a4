import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The ledger on PostgreSQL through a pooled `PostgresClient`.
///
/// The pool runs in a task owned by the store; ``close()`` stops it.
public final class PostgresLedgerStore: LedgerStore {
    /// Where and how to connect.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        /// Most connections in the pool (default 20).
        public var maximumConnections: Int

        /// Creates a configuration.
        public init(
            host: String = "127.0.0.1", port: Int = 5432, username: String = "postgres", password: String? = nil,
            database: String = "postgres", maximumConnections: Int = 20
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.maximumConnections = maximumConnections
        }

        /// Parses `postgres://user[:password]@host[:port]/database`.
        ///
        /// - Throws: ``ServingError`` (`validation`) when the URL is not of that form.
        public init(url: String, maximumConnections: Int = 20) throws(ServingError) {
            guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme),
                let host = components.host
            else {
                throw ServingError(.validation, field: "postgres-url", "\(url) is not postgres://user@host:port/database")
            }
            self.init(
                host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
                password: components.password,
                database: components.path.isEmpty ? "postgres" : String(components.path.dropFirst()),
                maximumConnections: maximumConnections)
        }
    }

    public let dialect = SQLDialect.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    private let statements = PostgresStatementCache()

    /// Creates the pool and starts it.
    public init(configuration: Configuration, logger: Logger = Logger(label: "tickflow.ledger.postgres")) {
        var config = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: .disable)
        config.options.maximumConnections = configuration.maximumConnections
        let client = PostgresClient(configuration: config)
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
    }

    public func transaction<T: Sendable>(
        _ body: @Sendable (any SQLExecutor) async throws(ServingError) -> T
    ) async throws(ServingError) -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(PostgresExecutor(connection: connection, statements: statements, logger: logger))
            }
        } catch let error as ServingError {
            throw error
        } catch {
            throw Self.map(error)
        }
    }

    public func read<T: Sendable>(
        _ body: @Sendable (any SQLExecutor) async throws(ServingError) -> T
    ) async throws(ServingError) -> T {
        do {
            return try await client.withConnection { connection in
                try await body(PostgresExecutor(connection: connection, statements: statements, logger: logger))
            }
        } catch let error as ServingError {
            throw error
        } catch {
            throw Self.map(error)
        }
    }

    public func close() async {
        runner.cancel()
        _ = await runner.value
    }

    static func map(_ error: any Error) -> ServingError {
        if let transaction = error as? PostgresTransactionError {
            // The body's own error (a refusal) comes through unchanged; a failed BEGIN/COMMIT is storage.
            if let inner = transaction.closureError { return inner as? ServingError ?? map(inner) }
            if let commit = transaction.commitError { return map(commit) }
            if let begin = transaction.beginError { return map(begin) }
        }
        if let psql = error as? PSQLError, let code = psql.serverInfo?[.sqlState] {
            let message = psql.serverInfo?[.message] ?? "\(psql.code)"
            if code == "23505" { return ServingError(.conflict, message, underlying: psql) }
            if code == "23514" { return ServingError(.invalidState, "constraint violated: \(message)", underlying: psql) }
            return ServingError(.storage, "postgres \(code): \(message)", underlying: psql)
        }
        return ServingError(.storage, "postgres: \(String(reflecting: error))")
    }
}

/// Statements on one leased Postgres connection.
struct PostgresExecutor: SQLExecutor {
    let connection: PostgresConnection
    let statements: PostgresStatementCache
    let logger: Logger

    func query(_ sql: String, _ binds: [SQLValue]) async throws(ServingError) -> [SQLRow] {
        try Self.refuseNul(binds)
        do {
            return try await run(sql, binds)
        } catch let error as ServingError {
            throw error
        } catch {
            throw PostgresLedgerStore.map(error)
        }
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws(ServingError) {
        _ = try await query(sql, binds)
    }

    /// Runs a statement, as a prepared one when it is worth it (``PostgresStatementCache``).
    private func run(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let bindings = try Self.bindings(binds)
        switch statements.plan(sql, binds, connection: connection.id) {
        case .unnamed(let signature):
            let rows = try await Self.collect(connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger))
            if let signature { statements.succeeded(signature) }
            return rows
        case .named(let name, let first):
            let rows = try await Self.collect(
                PostgresLedgerStatement.run(name, sql: sql, binds: binds, bindings: bindings, on: connection, logger: logger))
            if first { statements.prepared(name, on: connection.id) }
            return rows
        }
    }

    private static func collect(_ rows: some AsyncSequence<PostgresRow, any Error>) async throws -> [SQLRow] {
        var result: [SQLRow] = []
        for try await row in rows {
            var values: [SQLValue] = []
            values.reserveCapacity(row.count)
            for cell in row { values.append(try value(cell)) }
            result.append(SQLRow(values))
        }
        return result
    }

    /// One round trip for the whole batch: every statement but the last becomes a data-modifying CTE of the
    /// last (`WITH s0 AS (…), s1 AS (…) <last>`), its placeholders renumbered after the previous ones'.
    /// Postgres runs such sub-statements concurrently on one snapshot, hence the batch's contract
    /// (independent statements, no row touched twice).
    func execute(batch: [SQLStatement]) async throws(ServingError) {
        guard batch.count > 1 else {
            if let only = batch.first { try await execute(only.sql, only.binds) }
            return
        }
        let combined = Self.combine(batch)
        try await execute(combined.sql, combined.binds)
    }

    static func combine(_ batch: [SQLStatement]) -> SQLStatement {
        var sql = "WITH "
        var binds: [SQLValue] = []
        for (index, statement) in batch.enumerated() {
            let renumbered = renumber(statement.sql, offset: binds.count)
            binds += statement.binds
            if index == batch.count - 1 {
                sql += " \(renumbered)"
            } else {
                sql += "\(index == 0 ? "" : ", ")s\(index) AS (\(renumbered))"
            }
        }
        return SQLStatement(sql, binds)
    }

    /// `$n` → `$(n + offset)` outside quoted text. Works on UTF-8 bytes: it runs on every batched order.
    static func renumber(_ sql: String, offset: Int) -> String {
        guard offset > 0 else { return sql }
        let dollar = UInt8(ascii: "$"), quote = UInt8(ascii: "'"), zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
        let bytes = Array(sql.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        var quoted = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == quote { quoted.toggle() }
            guard byte == dollar, !quoted else {
                output.append(byte)
                continue
            }
            var number = 0
            let start = index
            while index < bytes.count, (zero...nine).contains(bytes[index]) {
                number = number * 10 + Int(bytes[index] - zero)
                index += 1
            }
            output.append(dollar)
            if index > start { output += Array(String(number + offset).utf8) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Postgres text cannot hold NUL: such input is the client's error, not the database's.
    private static func refuseNul(_ binds: [SQLValue]) throws(ServingError) {
        for case .text(let text) in binds where text.utf8.contains(0) {
            throw ServingError(.validation, "text values cannot contain NUL characters")
        }
    }

    private static func bindings(_ binds: [SQLValue]) throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case .null: bindings.appendNull()
            case .int(let int): bindings.append(int)
            case .text(let text): bindings.append(text)
            case .decimal(let decimal): try bindings.append(decimal)
            }
        }
        return bindings
    }

    private static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .numeric: return .decimal(try cell.decode(Decimal.self))
        case .int8, .int4, .int2: return .int(try cell.decode(Int64.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        default: return .text(try cell.decode(String.self))
        }
    }
}
