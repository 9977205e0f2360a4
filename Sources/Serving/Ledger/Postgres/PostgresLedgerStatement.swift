import Logging
import PostgresNIO

/// A ledger statement run as a named prepared statement through PostgresNIO's prepared-statement API.
///
/// That API names and prepares statements by type: `name`, `sql` and `bindingDataTypes` are static. The
/// ledger's statements are built at run time, so the static properties read a task-local ``definition``, set by
/// ``run(_:sql:binds:bindings:on:logger:)`` around the one call that reads them: `PostgresConnection.execute` reads all three
/// synchronously when called, to build the request it hands to the connection (which then prepares the name on
/// that connection once and executes it by name).
struct PostgresLedgerStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow

    /// The statement's name, text and parameter types.
    struct Definition: Sendable {
        var name: String
        var sql: String
        var types: [PostgresDataType]
    }

    @TaskLocal static var definition: Definition?

    static var name: String { current.name }
    static var sql: String { current.sql }
    static var bindingDataTypes: [PostgresDataType] { current.types }

    private static var current: Definition {
        guard let definition else { preconditionFailure("PostgresLedgerStatement is only executed through PostgresLedgerStatement.run") }
        return definition
    }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }

    /// Executes `sql` as the prepared statement `name` on `connection` and returns its rows.
    ///
    /// The parameter types are the binds' own (as PostgresNIO sends them unnamed), a null bind's left to Postgres
    /// to infer, so the statement means what it means unnamed.
    static func run(
        _ name: String, sql: String, binds: [SQLValue], bindings: PostgresBindings, on connection: PostgresConnection, logger: Logger
    ) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow> {
        let types = binds.map { bind -> PostgresDataType in
            switch bind {
            case .null: PostgresDataType(0)
            case .int: .int8
            case .text: .text
            case .decimal: .numeric
            }
        }
        return try await $definition.withValue(Definition(name: name, sql: sql, types: types)) {
            try await connection.execute(Self(bindings: bindings), logger: logger)
        }
    }
}
