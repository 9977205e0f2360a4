/// A warehouse table: its name, its columns, and which columns partition and prune it.
///
/// Files live at `<warehouse>/<name>/date=YYYY-MM-DD/part-<uuid>.parquet`, the date being the UTC day of
/// ``timeColumn``.
public struct TableDefinition: Sendable, Hashable {
    /// The table name, also its directory.
    public var name: String
    /// The columns.
    public var schema: Schema
    /// The event-time column (`timestampNanos`) that partitions by day and orders a backtest.
    public var timeColumn: String
    /// The instrument id column, if the table has one (pushed down as an instrument predicate).
    public var instrumentColumn: String?
    /// The symbol column, if the table has one (pushed down as a symbol predicate).
    public var symbolColumn: String?

    /// Creates a table definition.
    public init(name: String, schema: Schema, timeColumn: String = "event_time",
                instrumentColumn: String? = "instrument_id", symbolColumn: String? = "symbol") {
        self.name = name
        self.schema = schema
        self.timeColumn = timeColumn
        self.instrumentColumn = instrumentColumn
        self.symbolColumn = symbolColumn
    }
}
