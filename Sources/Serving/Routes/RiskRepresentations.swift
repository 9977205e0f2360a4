import Analytics
import Model

/// The answer of `POST /risk/var`.
struct VaRJSON: Encodable {
    struct HoldingJSON: Encodable {
        var instrumentId: String
        var symbol: String
        var quantity: Double
        /// Latest base-currency price and `quantity × price`.
        var price: Double
        var exposure: Double
        var marginalVaR: Double
        var componentVaR: Double
        var incrementalVaR: Double
    }

    var method: String
    var confidence: Double
    var horizonDays: Double
    var valueAtRisk: Double
    var expectedShortfall: Double
    var currency: String
    var portfolioValue: Double
    var interval: String
    var observations: Int
    var asOf: String
    var holdings: [HoldingJSON]

    init(
        _ answer: RiskEngine.Answer, options: RiskEngine.Options, positions: [RiskPosition], interval: BarInterval, observations: Int,
        asOfNanos: Int64, currency: String
    ) {
        method = options.method.rawValue
        confidence = options.confidence
        horizonDays = options.horizonDays
        valueAtRisk = answer.measure.valueAtRisk
        expectedShortfall = answer.measure.expectedShortfall
        self.currency = currency
        portfolioValue = positions.reduce(0) { $0 + $1.exposure }
        self.interval = interval.rawValue
        self.observations = observations
        asOf = Timestamp.iso8601(asOfNanos)
        let split = answer.decomposition
        holdings = positions.enumerated().map { index, position in
            HoldingJSON(
                instrumentId: position.instrument.id, symbol: position.instrument.symbol, quantity: position.quantity, price: position.price,
                exposure: position.exposure, marginalVaR: split.marginal[index], componentVaR: split.component[index],
                incrementalVaR: split.incremental[index])
        }
    }
}

/// The answer of `POST /risk/correlation-matrix`.
struct CorrelationJSON: Encodable {
    struct InstrumentJSON: Encodable {
        var instrumentId: String
        var symbol: String
    }

    var instruments: [InstrumentJSON]
    /// `matrix[i][j]`: the correlation of instruments `i` and `j`.
    var matrix: [[Double]]
    /// Per-interval volatility of each instrument's returns.
    var volatilities: [Double]
    var interval: String
    var observations: Int
    var asOf: String
}

/// The answer of `POST /risk/stress-test`: P&L in the base currency, negative for a loss.
struct StressJSON: Encodable {
    struct ScenarioJSON: Encodable {
        struct HoldingJSON: Encodable {
            var instrumentId: String
            var pnl: Double
        }

        var name: String
        /// `hypothetical` or `historical`.
        var kind: String
        var pnl: Double
        var holdings: [HoldingJSON]
        /// Instruments with no bar in a historical window (they contribute nothing; never a guessed move).
        var missing: [String]

        init(_ result: StressResult, instruments: [String], kind: String, missing: [String]) {
            name = result.scenario
            self.kind = kind
            pnl = result.pnl
            holdings = zip(instruments, result.holdingPnL).map { HoldingJSON(instrumentId: $0, pnl: $1) }
            self.missing = missing
        }
    }

    var currency: String
    var portfolioValue: Double
    var asOf: String
    var scenarios: [ScenarioJSON]
}
