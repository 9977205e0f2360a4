import Foundation

/// A deterministic, seedable pseudo-random generator: xoshiro256** (Blackman & Vigna) seeded through
/// SplitMix64, so that one seed gives the same stream on every machine and run — the same simulated market, the
/// same Monte Carlo scenarios.
///
/// Draws uniforms and standard normals (Marsaglia's polar method); Analytics adds the ziggurat in bulk and gamma
/// and chi-square variates, the simulator its index draws.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    // Visible to inlining: Analytics' ziggurat and Monte Carlo loops and the simulator draw from other modules.
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    @usableFromInline var spareNormal: Double?

    /// A generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var state = seed
        func splitMix() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A standard normal variate (polar method; the second variate of each pair is kept for the next call).
    @inlinable
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * nextUniform() - 1, v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * Foundation.log(s) / s).squareRoot()
                spareNormal = v * factor
                return u * factor
            }
        }
    }
}
