import Foundation

/// The standard normal distribution.
public enum NormalDistribution {
    /// Density φ(x).
    public static func pdf(_ x: Double) -> Double { Foundation.exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }

    /// Distribution function Φ(x) = erfc(−x/√2)/2.
    public static func cdf(_ x: Double) -> Double { 0.5 * SpecialFunctions.erfc(-x / 2.0.squareRoot()) }

    /// The quantile Φ⁻¹(p) for `0 < p < 1`: Acklam's rational approximation (1.15e-9 relative) refined by one
    /// Halley step on `cdf`, which brings it to ~1e-15.
    public static func quantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "the normal quantile needs 0 < p < 1")
        // The upper half by symmetry: 1 − p is exact there, and the refinement needs the accurate lower tail.
        if p > 0.5 { return -quantile(1 - p) }
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * Foundation.log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * Foundation.log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = cdf(x) - p
        let u = e * (2 * Double.pi).squareRoot() * Foundation.exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}

/// The chi-square distribution with `degreesOfFreedom` degrees of freedom.
public enum ChiSquaredDistribution {
    /// P(X ≤ x).
    public static func cdf(_ x: Double, degreesOfFreedom k: Double) -> Double {
        SpecialFunctions.regularizedGammaP(k / 2, max(x, 0) / 2)
    }

    /// P(X > x), the p-value of a statistic `x`; accurate far in the tail.
    public static func survival(_ x: Double, degreesOfFreedom k: Double) -> Double {
        SpecialFunctions.regularizedGammaQ(k / 2, max(x, 0) / 2)
    }
}
