/// The one error type of `Backtest`: what went wrong (`code`), where (`context`), why (`message`), and the
/// underlying error when another module failed.
public struct BacktestError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Equatable {
        /// A setting of the run is invalid (an empty or reversed period, an unknown instrument, a bad interval…).
        case invalidConfiguration
        /// A strategy parameter is unknown, malformed or out of range.
        case invalidParameter
        /// No strategy has that name.
        case unknownStrategy
        /// An order is invalid (a non-positive quantity, a limit order without a price…).
        case invalidOrder
        /// Reading history or writing results failed.
        case warehouse
        /// The stream or analytics operators failed.
        case processing
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, e.g. `strategy ma-crossover`.
    public var context: String
    /// The reason, readable by a user.
    public var message: String
    /// The error of another module that caused this one.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, context: String, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.context = context
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        "\(code.rawValue) in \(context): \(message)" + (underlying.map { " (\($0))" } ?? "")
    }
}
