import Analytics
import Foundation
import Model

/// Deterministic test data.
enum TestData {
    /// `count` standard normals from a fixed seed.
    static func normals(_ count: Int, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.nextNormal() }
    }

    /// A random covariance `B Bᵀ / n + diag(d)` of `n` assets with daily volatilities around 1–3 %.
    static func covarianceRows(_ n: Int, seed: UInt64) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        let factors = 3
        let loadings = (0..<n).map { _ in (0..<factors).map { _ in 0.01 * generator.nextNormal() } }
        let idiosyncratic = (0..<n).map { _ in 0.0001 + 0.0004 * generator.nextUniform() }
        return (0..<n).map { i in
            (0..<n).map { j in
                let common = (0..<factors).reduce(0.0) { $0 + loadings[i][$1] * loadings[j][$1] }
                return common + (i == j ? idiosyncratic[i] : 0)
            }
        }
    }
}

/// `|a − b| ≤ absolute + relative·|b|`.
func close(_ a: Double, _ b: Double, absolute: Double = 0, relative: Double = 0) -> Bool {
    abs(a - b) <= absolute + relative * abs(b)
}
