/// The error type of the `Warehouse` module: a code, what happened and where, and the underlying error.
public struct WarehouseError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// Compressing or decompressing a page failed.
        case compression
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, and where.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "WarehouseError.\(code.rawValue): \(message)" }
}
