import Foundation
import Model

/// GARCH(1,1) parameters fitted per instrument, as written by `tickflow analytics fit-garch` and read by
/// `tickflow analytics run --garch FILE` (JSON).
///
/// ```json
/// {"interval": "1m", "instruments": {"<instrument id>": {"omega": 1e-8, "alpha": 0.06, "beta": 0.91,
///   "logLikelihood": 1234.5, "observations": 5000}}}
/// ```
public struct GARCHParameterFile: Sendable, Equatable, Codable {
    /// One instrument's fit.
    public struct Entry: Sendable, Equatable, Codable {
        /// ω (per-period variance units).
        public var omega: Double
        /// α.
        public var alpha: Double
        /// β.
        public var beta: Double
        /// The maximised log-likelihood.
        public var logLikelihood: Double
        /// Returns the fit used.
        public var observations: Int

        /// Creates an entry.
        public init(omega: Double, alpha: Double, beta: Double, logLikelihood: Double, observations: Int) {
            self.omega = omega
            self.alpha = alpha
            self.beta = beta
            self.logLikelihood = logLikelihood
            self.observations = observations
        }
    }

    /// The bar interval the returns were computed on; the stage must run on the same.
    public var interval: BarInterval
    /// Fits by instrument id.
    public var instruments: [String: Entry]

    /// Creates a file's contents.
    public init(interval: BarInterval, instruments: [String: Entry] = [:]) {
        self.interval = interval
        self.instruments = instruments
    }

    /// The checked parameters of an instrument, `nil` when it was not fitted.
    ///
    /// - Throws: ``AnalyticsError`` `.invalidInput` when the stored parameters are not stationary and positive.
    public func parameters(for instrumentId: String) throws -> GARCH11.Parameters? {
        guard let entry = instruments[instrumentId] else { return nil }
        return try GARCH11.Parameters(omega: entry.omega, alpha: entry.alpha, beta: entry.beta)
    }

    /// Reads a file, checking every entry.
    ///
    /// - Throws: ``AnalyticsError`` `.invalidInput` naming the path and the problem.
    public static func load(path: String) throws -> GARCHParameterFile {
        let file: GARCHParameterFile
        do {
            file = try JSONDecoder().decode(GARCHParameterFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw AnalyticsError(.invalidInput, context: path, "not a GARCH parameter file: \(error)")
        }
        for id in file.instruments.keys.sorted() {
            do { _ = try file.parameters(for: id) } catch let error as AnalyticsError {
                throw AnalyticsError(.invalidInput, context: "\(path) instrument \(id)", error.message)
            }
        }
        return file
    }

    /// Writes the file (pretty, keys sorted).
    ///
    /// - Throws: the file system's error.
    public func write(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
