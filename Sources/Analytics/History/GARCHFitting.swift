import Model

/// Fits GARCH(1,1) per instrument on warehouse history: the log returns of consecutive bar closes, then
/// ``GARCH11/fit(_:)`` (Gaussian MLE, `arch`'s backcast). What `tickflow analytics fit-garch` runs.
public enum GARCHFitting {
    /// The fits, and the instruments that could not be fitted with the reason.
    public struct Outcome: Sendable {
        /// The parameter file to write.
        public var file: GARCHParameterFile
        /// Instrument id → why it was skipped (too few returns, zero variance, no convergence).
        public var skipped: [String: String]
    }

    /// Fits every instrument with bars of `interval` in `[from, to)`.
    ///
    /// - Parameter instrumentIds: only these; `nil` for every instrument found.
    /// - Throws: ``AnalyticsError`` when the warehouse cannot be read.
    public static func fit(
        _ history: WarehouseBarHistory, interval: BarInterval, instrumentIds: Set<String>? = nil, from: Int64? = nil,
        to: Int64? = nil
    ) throws -> Outcome {
        let bars = try history.bars(interval: interval, instrumentIds: instrumentIds, from: from, to: to)
        var file = GARCHParameterFile(interval: interval)
        var skipped: [String: String] = [:]
        for id in instrumentIds?.sorted() ?? [] where bars[id] == nil { skipped[id] = "no \(interval.name) bars in the range" }
        for (id, points) in bars.sorted(by: { $0.key < $1.key }) {
            do {
                let returns = try LogReturns.of(points.map(\.close))
                let fit = try GARCH11.fit(returns)
                file.instruments[id] = GARCHParameterFile.Entry(
                    omega: fit.parameters.omega, alpha: fit.parameters.alpha, beta: fit.parameters.beta,
                    logLikelihood: fit.logLikelihood, observations: returns.count)
            } catch let error as AnalyticsError {
                skipped[id] = error.description
            }
        }
        return Outcome(file: file, skipped: skipped)
    }
}
