import Testing
import TickFlowTestSupport
@testable import Analytics

@Suite struct GARCH11Tests {
    struct ArchInput: Encodable {
        var returns: [Double]?
    }

    struct ArchFit: Decodable {
        var returns: [Double]
        var omega: Double
        var alpha: Double
        var beta: Double
        var loglikelihood: Double
        var forecast: [Double]
    }

    /// Fits with `arch` (zero mean, GARCH(1,1), normal) on the given returns, or on S&P 500 daily returns × 100
    /// (`arch.data.sp500`, 1999–2018) when none are given.
    static func archFit(_ returns: [Double]?) throws -> ArchFit {
        try PythonReference.run(
            """
            from arch import arch_model
            if data.get("returns") is None:
                from arch.data import sp500
                r = (100 * sp500.load()["Adj Close"].pct_change().dropna()).to_numpy()
            else:
                r = np.array(data["returns"])
            res = arch_model(r, mean="Zero", vol="GARCH", p=1, q=1, dist="normal").fit(disp="off")
            f = res.forecast(horizon=10, reindex=False).variance.to_numpy()[-1]
            p = res.params
            print(json.dumps({"returns": r.tolist(), "omega": p["omega"], "alpha": p["alpha[1]"],
                              "beta": p["beta[1]"], "loglikelihood": res.loglikelihood, "forecast": f.tolist()}))
            """, input: ArchInput(returns: returns), as: ArchFit.self)
    }

    /// Tolerances: log-likelihood within 1e-3 (ours may only be higher: both maximise the same function), ω
    /// within 3 % relative, α and β within 3e-3 absolute; forecasts from arch's parameters within 1e-9 relative.
    func expectMatches(_ reference: ArchFit) throws {
        let fit = try GARCH11.fit(reference.returns)
        let llGap = fit.logLikelihood - reference.loglikelihood
        print("GARCH11 fit: ours ω=\(fit.parameters.omega) α=\(fit.parameters.alpha) β=\(fit.parameters.beta) LL=\(fit.logLikelihood); arch ω=\(reference.omega) α=\(reference.alpha) β=\(reference.beta) LL=\(reference.loglikelihood)")
        #expect(llGap > -1e-3, "our log-likelihood \(fit.logLikelihood) vs arch \(reference.loglikelihood)")
        #expect(llGap < 1e-2)
        #expect(close(fit.parameters.omega, reference.omega, relative: 0.03), "ω \(fit.parameters.omega) vs \(reference.omega)")
        #expect(close(fit.parameters.alpha, reference.alpha, absolute: 3e-3), "α \(fit.parameters.alpha) vs \(reference.alpha)")
        #expect(close(fit.parameters.beta, reference.beta, absolute: 3e-3), "β \(fit.parameters.beta) vs \(reference.beta)")

        // Our likelihood at arch's optimum is arch's likelihood: same recursion, same backcast.
        let backcast = GARCH11.backcast(reference.returns)
        let atArch = GARCH11.logLikelihood(
            reference.returns, omega: reference.omega, alpha: reference.alpha, beta: reference.beta, backcast: backcast)
        #expect(close(atArch, reference.loglikelihood, relative: 1e-9))

        let parameters = try GARCH11.Parameters(omega: reference.omega, alpha: reference.alpha, beta: reference.beta)
        var filter = GARCH11(parameters: parameters, initialVariance: reference.omega + (reference.alpha + reference.beta) * backcast)
        for r in reference.returns { try filter.update(r) }
        for (step, expected) in reference.forecast.enumerated() {
            let ours = filter.forecastVariance(steps: step + 1)
            #expect(close(ours, expected, relative: 1e-9), "h=\(step + 1): \(ours) vs \(expected)")
        }
        let cumulative = filter.forecastCumulativeVariance(steps: 10)
        #expect(close(cumulative, reference.forecast.reduce(0, +), relative: 1e-9))
    }

    @Test func fitMatchesArchOnSP500Returns() throws {
        try expectMatches(try Self.archFit(nil))
    }

    @Test func fitMatchesArchAndRecoversParametersOnASimulatedSeries() throws {
        let truth = try GARCH11.Parameters(omega: 0.05, alpha: 0.08, beta: 0.9)
        var filter = GARCH11(parameters: truth)
        let shocks = TestData.normals(4_000, seed: 11)
        let returns = try shocks.map { z -> Double in
            let r = z * filter.variance.squareRoot()
            try filter.update(r)
            return r
        }
        try expectMatches(try Self.archFit(returns))
        let fit = try GARCH11.fit(returns)
        #expect(close(fit.parameters.persistence, truth.persistence, absolute: 0.02))
    }

    @Test func filterUpdatesInConstantTimeByTheRecursion() throws {
        let parameters = try GARCH11.Parameters(omega: 0.1, alpha: 0.1, beta: 0.8)
        var filter = GARCH11(parameters: parameters)
        #expect(close(filter.variance, 1.0, relative: 1e-15))  // ω / (1 − α − β)
        try filter.update(2)
        #expect(close(filter.variance, 0.1 + 0.1 * 4 + 0.8 * 1, relative: 1e-15))
        #expect(throws: AnalyticsError.self) { try filter.update(.nan) }
        #expect(close(filter.variance, 1.3, relative: 1e-15))
    }

    @Test func nonStationaryParametersAndShortSeriesAreRejected() {
        #expect(throws: AnalyticsError.self) { try GARCH11.Parameters(omega: 0.1, alpha: 0.3, beta: 0.7) }
        #expect(throws: AnalyticsError.self) { try GARCH11.Parameters(omega: 0, alpha: 0.1, beta: 0.7) }
        #expect(throws: AnalyticsError.self) { try GARCH11.fit([0.1, -0.2, 0.3]) }
        #expect(throws: AnalyticsError.self) { try GARCH11.fit(Array(repeating: 0.0, count: 50)) }
        #expect(throws: AnalyticsError.self) { try GARCH11.fit(Array(repeating: 0.1, count: 20) + [.infinity]) }
    }
}
