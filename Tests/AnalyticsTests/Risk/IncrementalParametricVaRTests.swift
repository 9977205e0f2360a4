import Model
import Testing
@testable import Analytics

@Suite struct IncrementalParametricVaRTests {
    /// 2,000 random price and quantity changes applied in O(n) each give the VaR and decomposition of a full
    /// recomputation from Σ (1e-9 relative), and a covariance replacement resynchronises.
    @Test func updatesMatchAFullRecomputation() throws {
        let n = 60
        let covariance = try Matrix(rowArrays: TestData.covarianceRows(n, seed: 41))
        var generator = SeededGenerator(seed: 42)
        let quantities = (0..<n).map { _ in (generator.nextUniform() - 0.3) * 10_000 }
        let prices = (0..<n).map { _ in 20 + 200 * generator.nextUniform() }
        var tracker = try IncrementalParametricVaR(covariance: covariance, quantities: quantities, prices: prices)
        for step in 0..<2_000 {
            let index = Int(generator.next() % UInt64(n))
            if step % 5 == 0 {
                try tracker.updateQuantity(at: index, to: (generator.nextUniform() - 0.5) * 20_000)
            } else {
                try tracker.updatePrice(at: index, to: tracker.prices[index] * (1 + 0.01 * generator.nextNormal()))
            }
        }
        let full = try ParametricVaR.measure(exposures: tracker.exposures, covariance: covariance, confidence: 0.99, horizonDays: 10)
        let ours = try tracker.measure(confidence: 0.99, horizonDays: 10)
        #expect(close(ours.valueAtRisk, full.valueAtRisk, relative: 1e-9))
        #expect(close(ours.expectedShortfall, full.expectedShortfall, relative: 1e-9))
        let parts = try tracker.decomposition(confidence: 0.99)
        let fullParts = try ParametricVaR.decomposition(exposures: tracker.exposures, covariance: covariance, confidence: 0.99)
        let componentGap = zip(parts.component, fullParts.component).map { abs($0 - $1) }.max() ?? 1
        #expect(componentGap < 1e-9 * fullParts.valueAtRisk)

        var doubled = covariance
        for k in doubled.elements.indices { doubled.elements[k] *= 4 }
        try tracker.replaceCovariance(doubled)
        let after = try tracker.measure(confidence: 0.99, horizonDays: 10)
        #expect(close(after.valueAtRisk, 2 * full.valueAtRisk, relative: 1e-9))
    }

    @Test func invalidUpdatesAreRejectedAndChangeNothing() throws {
        let covariance = try Matrix(rowArrays: [[0.0004, 0.0001], [0.0001, 0.0009]])
        var tracker = try IncrementalParametricVaR(covariance: covariance, quantities: [100, -50], prices: [10, 20])
        let before = tracker
        #expect(throws: AnalyticsError.self) { try tracker.updatePrice(at: 2, to: 10) }
        #expect(throws: AnalyticsError.self) { try tracker.updatePrice(at: 0, to: .infinity) }
        #expect(throws: AnalyticsError.self) { try tracker.updateQuantity(at: -1, to: 1) }
        #expect(tracker == before)
        #expect(throws: AnalyticsError.self) {
            try IncrementalParametricVaR(covariance: covariance, quantities: [1], prices: [1, 2])
        }
    }
}
