import Foundation

/// Black-Scholes prices and greeks of European options (no dividends).
public enum BlackScholes {
    /// A price with its sensitivities.
    public struct Valuation: Sendable, Hashable {
        /// Option price.
        public var price: Double
        /// dPrice/dSpot.
        public var delta: Double
        /// d²Price/dSpot².
        public var gamma: Double
        /// dPrice/dVolatility, per 1.00 (100 vol points) of volatility.
        public var vega: Double
        /// dPrice/dTime, per year (negative as time passes).
        public var theta: Double
        /// dPrice/dRate, per 1.00 of rate.
        public var rho: Double
    }

    /// The standard normal CDF.
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// The standard normal density.
    public static func normalPDF(_ x: Double) -> Double { exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }

    /// Values a call or put.
    ///
    /// - Parameters:
    ///   - isCall: call (`true`) or put.
    ///   - spot: underlying price > 0.
    ///   - strike: strike > 0.
    ///   - years: time to expiry in years; at or below zero the option is worth its intrinsic value.
    ///   - rate: continuously compounded risk-free rate.
    ///   - volatility: annualised volatility > 0.
    public static func value(isCall: Bool, spot: Double, strike: Double, years: Double, rate: Double, volatility: Double)
        -> Valuation
    {
        guard years > 0, volatility > 0 else {
            let intrinsic = max(0, isCall ? spot - strike : strike - spot)
            let delta: Double = intrinsic > 0 ? (isCall ? 1 : -1) : 0
            return Valuation(price: intrinsic, delta: delta, gamma: 0, vega: 0, theta: 0, rho: 0)
        }
        let sqrtT = years.squareRoot()
        let d1 = (log(spot / strike) + (rate + volatility * volatility / 2) * years) / (volatility * sqrtT)
        let d2 = d1 - volatility * sqrtT
        let discount = exp(-rate * years)
        let pdf = normalPDF(d1)
        let gamma = pdf / (spot * volatility * sqrtT)
        let vega = spot * pdf * sqrtT
        if isCall {
            let price = spot * normalCDF(d1) - strike * discount * normalCDF(d2)
            let theta = -spot * pdf * volatility / (2 * sqrtT) - rate * strike * discount * normalCDF(d2)
            return Valuation(
                price: price, delta: normalCDF(d1), gamma: gamma, vega: vega, theta: theta,
                rho: strike * years * discount * normalCDF(d2))
        }
        let price = strike * discount * normalCDF(-d2) - spot * normalCDF(-d1)
        let theta = -spot * pdf * volatility / (2 * sqrtT) + rate * strike * discount * normalCDF(-d2)
        return Valuation(
            price: price, delta: normalCDF(d1) - 1, gamma: gamma, vega: vega, theta: theta,
            rho: -strike * years * discount * normalCDF(-d2))
    }
}
