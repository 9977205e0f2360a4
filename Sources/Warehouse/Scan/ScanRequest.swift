/// What to read from a table: which columns, which time range and instruments, and which snapshot.
public struct ScanRequest: Sendable {
    /// The table.
    public var table: TableDefinition
    /// The columns wanted, in order; `nil` means all.
    public var columns: [String]?
    /// Earliest event time (ns, inclusive); `nil` means unbounded.
    public var fromNanos: Int64?
    /// Latest event time (ns, exclusive); `nil` means unbounded.
    public var toNanos: Int64?
    /// Only rows of these symbols; `nil` means all.
    public var symbols: Set<String>?
    /// Only rows of these instrument ids; `nil` means all.
    public var instrumentIds: Set<String>?
    /// The snapshot version to read (time travel); `nil` means the latest.
    public var version: Int64?

    /// Creates a request.
    public init(table: TableDefinition, columns: [String]? = nil, fromNanos: Int64? = nil, toNanos: Int64? = nil,
                symbols: Set<String>? = nil, instrumentIds: Set<String>? = nil, version: Int64? = nil) {
        self.table = table
        self.columns = columns
        self.fromNanos = fromNanos
        self.toNanos = toNanos
        self.symbols = symbols
        self.instrumentIds = instrumentIds
        self.version = version
    }
}

/// How much a scan read and how much pushdown saved.
public struct ScanStatistics: Sendable, Hashable {
    /// Files of the table in the snapshot.
    public var filesTotal = 0
    /// Files skipped by partition and file-level pruning.
    public var filesPruned = 0
    /// Row groups skipped by their statistics.
    public var rowGroupsPruned = 0
    /// Row groups read.
    public var rowGroupsRead = 0
    /// Rows returned.
    public var rowsReturned = 0
}
