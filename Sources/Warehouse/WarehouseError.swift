/// The error type of the `Warehouse` module: a code, what happened and where (always the file or directory
/// concerned), and the underlying error.
public struct WarehouseError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// Compressing or decompressing a page failed.
        case compression
        /// A file is not Parquet: too short, or its magic bytes are wrong.
        case notParquet
        /// A Parquet file's metadata or pages are malformed, truncated or inconsistent.
        case corruptFile
        /// The file uses a Parquet feature TickFlow does not read (nested columns, an unknown codec…).
        case unsupported
        /// Values do not match the declared schema (wrong column type, length or name).
        case schemaMismatch
        /// A file-system operation failed.
        case io
        /// The catalog is malformed, or a version asked for does not exist.
        case catalog
        /// A concurrent commit won the race for the next catalog version.
        case commitConflict
        /// An argument is invalid (unknown table, bad date, bad column name…).
        case invalidArgument
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, and where.
    public var message: String
    /// The file or directory concerned, when there is one.
    public var path: String?
    /// The error that caused this one, if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: what happened.
    ///   - path: the file or directory concerned.
    ///   - underlying: the cause.
    public init(_ code: Code, _ message: String, path: String? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.underlying = underlying
    }

    public var description: String {
        var text = "WarehouseError.\(code.rawValue): \(message)"
        if let path { text += " (file \(path))" }
        if let underlying { text += ": \(underlying)" }
        return text
    }
}
