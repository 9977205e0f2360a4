import Foundation
import GRDB
import Model

/// The embedded ledger: one SQLite file through GRDB.
///
/// One connection, one transaction at a time (reads too, so that no read sees another task's open
/// transaction): SQLite serialises writers anyway, and the embedded API is not the throughput path.
public final class SQLiteLedgerStore: LedgerStore {
    public let dialect = SQLDialect.sqlite
    private let queue: DatabaseQueue
    private let lock = AsyncSerialLock()

    /// Opens (or creates) the database file; `":memory:"`-like temporary paths work too.
    ///
    /// - Throws: ``ServingError`` (`storage`) when the file cannot be opened.
    public init(path: String) throws(ServingError) {
        var configuration = Configuration()
        // A transaction spans several database accesses (one per statement of the async body); the store's
        // lock guarantees that nothing else runs on the connection meanwhile.
        configuration.allowsUnsafeTransactions = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw ServingError(.storage, "cannot open SQLite ledger at \(path): \(error)")
        }
    }

    public func transaction<T: Sendable>(
        _ body: @Sendable (any SQLExecutor) async throws(ServingError) -> T
    ) async throws(ServingError) -> T {
        await lock.lock()
        let outcome = await attempt(body)
        await lock.unlock()
        return try outcome.get()
    }

    public func read<T: Sendable>(
        _ body: @Sendable (any SQLExecutor) async throws(ServingError) -> T
    ) async throws(ServingError) -> T {
        await lock.lock()
        let outcome: Result<T, ServingError>
        do { outcome = .success(try await body(SQLiteExecutor(queue: queue))) } catch { outcome = .failure(error) }
        await lock.unlock()
        return try outcome.get()
    }

    /// One immediate transaction, committed when `body` returns, rolled back when it throws.
    private func attempt<T: Sendable>(
        _ body: @Sendable (any SQLExecutor) async throws(ServingError) -> T
    ) async -> Result<T, ServingError> {
        do { try run { db in try db.beginTransaction(.immediate) } } catch { return .failure(error) }
        do {
            let value = try await body(SQLiteExecutor(queue: queue))
            try run { db in try db.commit() }
            return .success(value)
        } catch {
            try? run { db in try db.rollback() }
            return .failure(error)
        }
    }

    public func close() async {
        try? queue.close()
    }

    private func run(_ work: (Database) throws -> Void) throws(ServingError) {
        do { try queue.inDatabase(work) } catch { throw SQLiteExecutor.map(error) }
    }
}

/// Statements on the store's connection, inside the transaction its caller holds.
struct SQLiteExecutor: SQLExecutor {
    let queue: DatabaseQueue

    func query(_ sql: String, _ binds: [SQLValue]) async throws(ServingError) -> [SQLRow] {
        let statement = Self.rewrite(sql)
        let arguments = Self.arguments(binds)
        do {
            return try queue.inDatabase { db in
                try Row.fetchAll(db, sql: statement, arguments: arguments).map { row in
                    SQLRow(row.databaseValues.map(Self.value))
                }
            }
        } catch {
            throw Self.map(error)
        }
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws(ServingError) {
        let statement = Self.rewrite(sql)
        let arguments = Self.arguments(binds)
        do {
            try queue.inDatabase { db in try db.execute(sql: statement, arguments: arguments) }
        } catch {
            throw Self.map(error)
        }
    }

    /// `$1` (Postgres) to `?1` (SQLite's numbered parameter), outside quoted text.
    static func rewrite(_ sql: String) -> String {
        var output = ""
        output.reserveCapacity(sql.utf8.count)
        var quoted = false
        var previousWasDollar = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if previousWasDollar {
                output.append(character.isNumber ? "?" : "$")
                previousWasDollar = false
            }
            if character == "$", !quoted {
                previousWasDollar = true
                continue
            }
            output.append(character)
        }
        if previousWasDollar { output.append("$") }
        return output
    }

    private static func arguments(_ binds: [SQLValue]) -> StatementArguments {
        StatementArguments(
            binds.map { bind -> (any DatabaseValueConvertible)? in
                switch bind {
                case .null: nil
                case .int(let int): int
                case .text(let text): text
                case .decimal(let decimal): DecimalString.format(decimal)
                }
            })
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let int): .int(int)
        case .double(let double): .text(String(double))
        case .string(let text): .text(text)
        case .blob(let data): .text(String(decoding: data, as: UTF8.self))
        }
    }

    static func map(_ error: any Error) -> ServingError {
        if let error = error as? ServingError { return error }
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_CONSTRAINT {
                let unique = [.SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY].contains(error.extendedResultCode)
                return ServingError(unique ? .conflict : .invalidState, error.message ?? "constraint violated", underlying: error)
            }
            return ServingError(.storage, "sqlite: \(error.message ?? error.description)", underlying: error)
        }
        return ServingError(.storage, "sqlite: \(error)")
    }
}
