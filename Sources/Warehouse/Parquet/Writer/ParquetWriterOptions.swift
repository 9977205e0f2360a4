/// How a ``ParquetWriter`` lays out a file. Defaults follow pyarrow's: 1 MiB pages, 1 MiB dictionary limit.
public struct ParquetWriterOptions: Sendable {
    /// Page compression.
    public enum Compression: Sendable, Hashable {
        /// Pages stored as is.
        case none
        /// zstd at the given level (1 fast … 19 small; 3 is zstd's default).
        case zstd(level: Int32)
    }

    /// Page compression; default zstd level 3.
    public var compression: Compression = .zstd(level: 3)
    /// Target uncompressed size of a row group (estimated from value widths); default 64 MiB.
    public var rowGroupBytes = 64 << 20
    /// Target uncompressed size of a data page; default 1 MiB.
    public var pageBytes = 1 << 20
    /// A string column whose dictionary would exceed this many bytes is written PLAIN; default 1 MiB.
    public var dictionaryPageLimit = 1 << 20

    /// Whether ``ParquetWriter/close()`` fsyncs the file; default `true` (the catalog relies on it).
    public var syncOnClose = true

    /// Creates the default options.
    public init() {}

    /// Creates options.
    public init(compression: Compression = .zstd(level: 3), rowGroupBytes: Int = 64 << 20, pageBytes: Int = 1 << 20) {
        self.compression = compression
        self.rowGroupBytes = rowGroupBytes
        self.pageBytes = pageBytes
    }
}
