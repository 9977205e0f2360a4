/// The one error type of `Analytics`: what went wrong (`code`), where (`context`), and why (`message`).
public struct AnalyticsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Equatable {
        /// An argument is out of its domain (a non-positive price, a NaN return, mismatched dimensions…).
        case invalidInput
        /// A matrix that must be positive definite is not (Cholesky failed).
        case notPositiveDefinite
        /// A LAPACK routine reported a failure other than a lost definiteness.
        case lapackFailure
        /// An iterative method did not converge.
        case notConverged
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, e.g. `GARCH11.fit`.
    public var context: String
    /// The reason, readable by a user.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, context: String, _ message: String) {
        self.code = code
        self.context = context
        self.message = message
    }

    public var description: String { "\(code.rawValue) in \(context): \(message)" }
}
