import Connectors
import Foundation
import Testing
import TickFlowTestSupport

@Suite struct BlackScholesTests {
    static let cases: [(Bool, Double, Double, Double, Double, Double)] = [
        (true, 100, 100, 1, 0.05, 0.2), (false, 100, 100, 1, 0.05, 0.2), (true, 190, 170, 0.35, 0.04, 0.31),
        (false, 190, 210, 0.6, 0.04, 0.25), (true, 50, 80, 0.1, 0.01, 0.5), (false, 420, 380, 2, 0.03, 0.18),
    ]

    @Test func matchesScipyOnPriceAndGreeks() throws {
        let script = """
            import json, sys
            from math import exp, log, sqrt
            from scipy.stats import norm
            out = []
            for call, s, k, t, r, v in json.loads(sys.argv[1]):
                d1 = (log(s / k) + (r + v * v / 2) * t) / (v * sqrt(t)); d2 = d1 - v * sqrt(t)
                if call:
                    price = s * norm.cdf(d1) - k * exp(-r * t) * norm.cdf(d2); delta = norm.cdf(d1)
                    theta = -s * norm.pdf(d1) * v / (2 * sqrt(t)) - r * k * exp(-r * t) * norm.cdf(d2); rho = k * t * exp(-r * t) * norm.cdf(d2)
                else:
                    price = k * exp(-r * t) * norm.cdf(-d2) - s * norm.cdf(-d1); delta = norm.cdf(d1) - 1
                    theta = -s * norm.pdf(d1) * v / (2 * sqrt(t)) + r * k * exp(-r * t) * norm.cdf(-d2); rho = -k * t * exp(-r * t) * norm.cdf(-d2)
                out.append([price, delta, norm.pdf(d1) / (s * v * sqrt(t)), s * norm.pdf(d1) * sqrt(t), theta, rho])
            print(json.dumps(out))
            """
        let input = Self.cases.map { "[\($0.0 ? "true" : "false"),\($0.1),\($0.2),\($0.3),\($0.4),\($0.5)]" }.joined(separator: ",")
        let output = try Command.check(Repository.python, ["-c", script, "[\(input)]"])
        let reference = try JSONDecoder().decode([[Double]].self, from: Data(output.stdout.utf8))
        for (index, c) in Self.cases.enumerated() {
            let ours = BlackScholes.value(isCall: c.0, spot: c.1, strike: c.2, years: c.3, rate: c.4, volatility: c.5)
            let values = [ours.price, ours.delta, ours.gamma, ours.vega, ours.theta, ours.rho]
            for (name, pair) in zip(["price", "delta", "gamma", "vega", "theta", "rho"], zip(values, reference[index])) {
                // Both use the same closed form; the tolerance covers erfc against scipy's ndtr.
                #expect(abs(pair.0 - pair.1) <= 1e-9 * max(1, abs(pair.1)), "case \(index) \(name): \(pair.0) vs scipy \(pair.1)")
            }
        }
    }

    @Test func putCallParityAndTheTextbookValue() {
        let call = BlackScholes.value(isCall: true, spot: 100, strike: 100, years: 1, rate: 0.05, volatility: 0.2)
        let put = BlackScholes.value(isCall: false, spot: 100, strike: 100, years: 1, rate: 0.05, volatility: 0.2)
        #expect(abs(call.price - 10.450583572185565) < 1e-9)  // Hull's example value
        #expect(abs((call.price - put.price) - (100 - 100 * exp(-0.05))) < 1e-12)
        #expect(abs(call.delta - put.delta - 1) < 1e-12)
        let expired = BlackScholes.value(isCall: false, spot: 90, strike: 100, years: 0, rate: 0.05, volatility: 0.2)
        #expect(expired.price == 10 && expired.delta == -1)
    }

    @Test func bondPricesAtParWhenTheYieldIsTheCouponAndInvertToTheirYield() {
        #expect(abs(BondMath.cleanPrice(couponRate: 0.04, yield: 0.04, years: 10) - 100) < 1e-9)
        #expect(BondMath.cleanPrice(couponRate: 0.04, yield: 0.05, years: 10) < 100)
        // 5-year 3% annual bond at 4%: 3/1.04 + … + 103/1.04^5.
        let closed = (1...5).map { 3 / pow(1.04, Double($0)) }.reduce(0, +) + 100 / pow(1.04, 5)
        #expect(abs(BondMath.cleanPrice(couponRate: 0.03, yield: 0.04, years: 5) - closed) < 1e-9)
        let price = BondMath.cleanPrice(couponRate: 0.0325, yield: 0.0411, years: 7.4)
        #expect(abs(BondMath.yield(couponRate: 0.0325, cleanPrice: price, years: 7.4) - 0.0411) < 1e-9)
    }
}
