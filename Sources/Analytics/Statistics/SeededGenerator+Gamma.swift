import Foundation
import Model

/// The variates the risk engine needs beyond uniforms and normals.
extension SeededGenerator {
    /// A Gamma(shape, 1) variate (Marsaglia–Tsang; shapes below 1 through the `U^{1/shape}` boost).
    public mutating func nextGamma(shape: Double) -> Double {
        precondition(shape > 0, "gamma shape must be positive")
        if shape < 1 {
            let boost = Foundation.pow(max(nextUniform(), .leastNonzeroMagnitude), 1 / shape)
            return nextGamma(shape: shape + 1) * boost
        }
        let d = shape - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = nextNormal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = nextUniform()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) { return d * v }
        }
    }

    /// A chi-square variate with `k` degrees of freedom (`2 · Gamma(k/2)`).
    public mutating func nextChiSquared(degreesOfFreedom k: Double) -> Double { 2 * nextGamma(shape: k / 2) }
}
