import Model

/// What the per-instrument stage keeps for one instrument; Codable for checkpoints (exact: JSON keeps every
/// `Double` bit for bit).
struct InstrumentAnalyticsState: Sendable, Codable {
    var symbol: String
    /// Window start of the last bar folded in; bars at or before it are revisions or late and are refused.
    var lastWindowStart: Int64?
    var returns = LogReturns()
    var ewma: EWMAVariance
    var realized: RealizedVolatility
    /// The GARCH filter; `nil` while the default model is still collecting its warm-up returns.
    var garch: GARCH11?
    /// Returns seen before the default GARCH's ω could be targeted (emptied once it is).
    var warmUpReturns: [Double] = []
    var detector: AnomalyDetector
    /// The latest top of book, for the spread and crossed-market components.
    var bid: Double?
    var ask: Double?

    init(symbol: String, configuration: AnalyticsConfiguration, fitted: GARCH11.Parameters?) throws {
        self.symbol = symbol
        ewma = try EWMAVariance(lambda: configuration.lambda)
        realized = try RealizedVolatility(window: configuration.realizedWindow)
        garch = fitted.map { GARCH11(parameters: $0) }
        detector = AnomalyDetector(configuration: configuration.detector)
    }

    /// Folds a return into the GARCH filter, creating the variance-targeted default model after the warm-up.
    mutating func updateGARCH(_ r: Double, configuration: AnalyticsConfiguration) throws {
        if garch != nil {
            try garch?.update(r)
            return
        }
        warmUpReturns.append(r)
        guard warmUpReturns.count >= configuration.garchWarmUp else { return }
        let mean = warmUpReturns.reduce(0, +) / Double(warmUpReturns.count)
        let variance = warmUpReturns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(warmUpReturns.count - 1)
        let persistence = configuration.defaultGARCHAlpha + configuration.defaultGARCHBeta
        // A flat warm-up (variance 0) keeps collecting: ω must be positive.
        guard variance > 0 else { return }
        let parameters = try GARCH11.Parameters(
            omega: variance * (1 - persistence), alpha: configuration.defaultGARCHAlpha, beta: configuration.defaultGARCHBeta)
        var filter = GARCH11(parameters: parameters)
        for past in warmUpReturns { try filter.update(past) }
        garch = filter
        warmUpReturns = []
    }
}
