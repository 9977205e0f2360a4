import Model
import Testing
import TickFlowTestSupport
@testable import Analytics

@Suite struct VaRBacktestTests {
    struct Input: Encodable {
        var hits: [Int]
        var p: Double
    }

    struct Reference: Decodable {
        var kupiec: Double
        var kupiecP: Double
        var independence: Double
        var independenceP: Double
        var conditionalP: Double
    }

    /// Kupiec and Christoffersen statistics with p-values from scipy.stats.chi2 (1e-10 relative; p-values
    /// 1e-12 absolute), on exception sequences with few, many and clustered exceptions.
    @Test func statisticsAndPValuesMatchScipy() throws {
        var generator = SeededGenerator(seed: 71)
        let clustered = (0..<500).map { $0 % 50 < 3 }
        let sequences: [(hits: [Bool], confidence: Double)] = [
            ((0..<250).map { _ in generator.nextUniform() < 0.01 }, 0.99),
            ((0..<250).map { _ in generator.nextUniform() < 0.04 }, 0.99),
            ((0..<1_000).map { _ in generator.nextUniform() < 0.05 }, 0.95),
            (clustered, 0.975),
        ]
        for (hits, confidence) in sequences {
            let reference = try PythonReference.run(
                """
                from scipy.stats import chi2
                from scipy.special import xlogy
                h = np.array(data["hits"]); p = data["p"]; T = len(h); x = h.sum(); q = x / T
                lr = -2 * (xlogy(T - x, 1 - p) + xlogy(x, p) - xlogy(T - x, 1 - q) - xlogy(x, q))
                a, b = h[:-1], h[1:]
                n00 = np.sum((a == 0) & (b == 0)); n01 = np.sum((a == 0) & (b == 1))
                n10 = np.sum((a == 1) & (b == 0)); n11 = np.sum((a == 1) & (b == 1))
                p01 = n01 / max(n00 + n01, 1); p11 = n11 / max(n10 + n11, 1); pi = (n01 + n11) / (n00 + n01 + n10 + n11)
                ind = -2 * (xlogy(n00 + n10, 1 - pi) + xlogy(n01 + n11, pi)
                            - xlogy(n00, 1 - p01) - xlogy(n01, p01) - xlogy(n10, 1 - p11) - xlogy(n11, p11))
                print(json.dumps({"kupiec": float(lr), "kupiecP": float(chi2.sf(lr, 1)), "independence": float(ind),
                                  "independenceP": float(chi2.sf(ind, 1)), "conditionalP": float(chi2.sf(lr + ind, 2))}))
                """, input: Input(hits: hits.map { $0 ? 1 : 0 }, p: 1 - confidence), as: Reference.self)
            let test = try VaRBacktest(hits: hits, confidence: confidence)
            #expect(close(test.kupiecStatistic, reference.kupiec, absolute: 1e-12, relative: 1e-10))
            #expect(close(test.kupiecPValue, reference.kupiecP, absolute: 1e-12))
            #expect(close(test.independenceStatistic, reference.independence, absolute: 1e-12, relative: 1e-10))
            #expect(close(test.independencePValue, reference.independenceP, absolute: 1e-12))
            #expect(close(test.conditionalCoveragePValue, reference.conditionalP, absolute: 1e-12))
        }
        let clusteredTest = try VaRBacktest(hits: clustered, confidence: 0.975)
        #expect(clusteredTest.independencePValue < 0.001)  // clustering is what Christoffersen detects
    }

    /// Basel: 250 days at 99 %: 0–4 exceptions green, 5–9 yellow, 10 or more red.
    @Test func baselTrafficLightZones() throws {
        let expected: [(Int, VaRBacktest.Zone)] = [(0, .green), (4, .green), (5, .yellow), (9, .yellow), (10, .red), (15, .red)]
        for (exceptions, zone) in expected {
            let hits = (0..<250).map { $0 < exceptions }
            let test = try VaRBacktest(hits: hits, confidence: 0.99)
            #expect(test.exceptions == exceptions)
            #expect(test.zone == zone, "\(exceptions) exceptions")
        }
    }

    @Test func exceptionsAreCountedFromLossesAndVaR() throws {
        let losses = [1.0, 5, 2, 8, 0.5]
        let valueAtRisk = [2.0, 4, 3, 7.9, 1]
        let test = try VaRBacktest(losses: losses, valueAtRisk: valueAtRisk, confidence: 0.99)
        #expect(test.exceptions == 2)
        #expect(test.observations == 5)
        #expect(throws: AnalyticsError.self) { try VaRBacktest(losses: [1], valueAtRisk: [], confidence: 0.99) }
        #expect(throws: AnalyticsError.self) { try VaRBacktest(losses: [.nan], valueAtRisk: [1], confidence: 0.99) }
        #expect(throws: AnalyticsError.self) { try VaRBacktest(hits: [true], confidence: 1) }
    }
}
