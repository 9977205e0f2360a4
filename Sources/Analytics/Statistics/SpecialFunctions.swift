import Foundation

/// Special functions the tests of hypotheses need, written here (not taken from libm) so that their accuracy is
/// ours to state: the regularized incomplete gamma functions to ~1e-14 relative, and `erfc` through them.
public enum SpecialFunctions {
    /// The regularized lower incomplete gamma `P(a, x) = γ(a, x) / Γ(a)`, for `a > 0`, `x ≥ 0`.
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0, "regularizedGammaP needs a > 0")
        guard x > 0 else { return 0 }
        return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x)
    }

    /// The regularized upper incomplete gamma `Q(a, x) = 1 − P(a, x)`, accurate in the far tail.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0, "regularizedGammaQ needs a > 0")
        guard x > 0 else { return 1 }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x)
    }

    /// The complementary error function, `erfc(x) = Q(1/2, x²)` for `x ≥ 0`.
    public static func erfc(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        let q = regularizedGammaQ(0.5, x * x)
        return x >= 0 ? q : 2 - q
    }

    /// The error function.
    public static func erf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        let p = regularizedGammaP(0.5, x * x)
        return x >= 0 ? p : -p
    }

    /// Series `γ(a,x)/Γ(a) = e^{-x} x^a / Γ(a+1) · Σ xⁿ / ((a+1)…(a+n))`, converges fast for `x < a + 1`.
    private static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        var term = 1 / a, sum = term, denominator = a
        for _ in 0..<10_000 {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) < abs(sum) * 1e-17 { break }
        }
        return sum * Foundation.exp(-x + a * Foundation.log(x) - lgamma(a))
    }

    /// Lentz's continued fraction for `Q(a, x)`, converges fast for `x ≥ a + 1`.
    private static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return Foundation.exp(-x + a * Foundation.log(x) - lgamma(a)) * h
    }
}
