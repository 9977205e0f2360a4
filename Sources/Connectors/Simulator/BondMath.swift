import Foundation

/// Clean prices of fixed-coupon bonds from their yield (annual coupons, annual compounding, percent of par).
public enum BondMath {
    /// The clean price per 100 of face of a bond with `years` to maturity (fractional years accrue linearly).
    ///
    /// - Parameters:
    ///   - couponRate: annual coupon as a fraction (0.0425 for 4.25%).
    ///   - yield: yield to maturity as a fraction.
    ///   - years: time to maturity in years, > 0.
    public static func cleanPrice(couponRate: Double, yield: Double, years: Double) -> Double {
        let coupon = 100 * couponRate
        let periods = Int(years.rounded(.up))
        let firstPeriod = years - Double(periods - 1)  // time to the next coupon, in (0, 1]
        var dirty = 0.0
        for k in 0..<periods {
            let t = firstPeriod + Double(k)
            dirty += coupon / pow(1 + yield, t)
        }
        dirty += 100 / pow(1 + yield, years)
        let accrued = coupon * (1 - firstPeriod)
        return dirty - accrued
    }

    /// The yield whose clean price is `price` (Newton's method on ``cleanPrice(couponRate:yield:years:)``).
    public static func yield(couponRate: Double, cleanPrice price: Double, years: Double) -> Double {
        var y = couponRate
        for _ in 0..<50 {
            let p = cleanPrice(couponRate: couponRate, yield: y, years: years)
            let bump = 1e-6
            let slope = (cleanPrice(couponRate: couponRate, yield: y + bump, years: years) - p) / bump
            let step = (p - price) / slope
            y -= step
            if abs(step) < 1e-12 { break }
        }
        return y
    }
}
