/// A data file of a snapshot: where it is, which table and day it belongs to, and what it holds.
public struct DataFile: Sendable, Hashable, Codable {
    /// Path relative to the warehouse root: `<table>/date=YYYY-MM-DD/part-<uuid>.parquet`.
    public var path: String
    /// The table.
    public var table: String
    /// The day partition.
    public var partition: PartitionDate
    /// Rows in the file.
    public var rows: Int
    /// Size in bytes.
    public var bytes: Int
    /// Smallest and largest event time in the file (nanoseconds), for pruning.
    public var minTimeNanos: Int64
    public var maxTimeNanos: Int64
    /// The distinct symbols in the file when there are few (≤ 256), for pruning; `nil` when unknown.
    public var symbols: [String]?
    /// The distinct instrument ids in the file when there are few (≤ 256); `nil` when unknown.
    public var instrumentIds: [String]?
}

/// One consistent state of the warehouse: every table's live files, and the source offsets already ingested.
public struct Snapshot: Sendable, Hashable, Codable {
    /// The version; 0 is the empty warehouse before any commit.
    public var version: Int64
    /// When it was committed (ns since the epoch).
    public var committedAtNanos: Int64
    /// What the commit did (`append`, `compact`, `retention`…).
    public var operation: String
    /// The live files.
    public var files: [DataFile]
    /// Per source partition (`topic:partition`), the next offset to ingest: everything before it is in a file.
    public var sourceOffsets: [String: Int64]

    /// The empty warehouse.
    public static let empty = Snapshot(version: 0, committedAtNanos: 0, operation: "create", files: [], sourceOffsets: [:])

    /// The live files of one table.
    public func files(of table: String) -> [DataFile] { files.filter { $0.table == table } }
}
