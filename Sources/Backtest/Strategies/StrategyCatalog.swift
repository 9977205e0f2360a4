/// The built-in strategies by name, for `tickflow backtest --strategy NAME --param key=value…`.
public enum StrategyCatalog {
    /// The names: `ma-crossover`, `zscore`, `vwap`, `twap`.
    public static let names = [MovingAverageCrossover.name, ZScoreMeanReversion.name, "vwap", "twap"]

    /// The strategy with that name and parameters.
    ///
    /// - Throws: ``BacktestError`` `.unknownStrategy` for an unknown name (listing the known ones),
    ///   `.invalidParameter` for a malformed, missing, out-of-range or unknown parameter.
    public static func make(_ name: String, parameters texts: [String]) throws -> any Strategy {
        var parameters = try StrategyParameters(strategy: name, texts)
        let strategy: any Strategy
        switch name {
        case MovingAverageCrossover.name: strategy = try MovingAverageCrossover(parameters: &parameters)
        case ZScoreMeanReversion.name: strategy = try ZScoreMeanReversion(parameters: &parameters)
        case "vwap": strategy = try ExecutionAlgorithm(.vwap, parameters: &parameters)
        case "twap": strategy = try ExecutionAlgorithm(.twap, parameters: &parameters)
        default:
            throw BacktestError(.unknownStrategy, context: "backtest", "no strategy \(name); known: \(names.joined(separator: ", "))")
        }
        try parameters.finish()
        return strategy
    }
}
