import Foundation

/// Exact rounding of ledger amounts to the scales of the schema: cents for money, 1e-8 for units and prices.
public enum LedgerDecimal {
    /// Money scale: `NUMERIC(20,2)`.
    public static let moneyScale = 2
    /// Units and price scale: `NUMERIC(20,8)`.
    public static let unitScale = 8

    /// Half-up to cents.
    public static func cents(_ value: Decimal) -> Decimal { round(value, scale: moneyScale, mode: .plain) }

    /// Up (away from zero) to cents, for reservations that must cover the fill.
    public static func centsUp(_ value: Decimal) -> Decimal { round(value, scale: moneyScale, mode: .up) }

    /// Rounds to `scale` decimals.
    public static func round(_ value: Decimal, scale: Int, mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, mode)
        return output
    }

    /// How many decimals `value` has beyond its integer part (0 for integers).
    public static func scale(of value: Decimal) -> Int {
        max(0, -Int(value.exponent))
    }

    /// Whether `value` fits `NUMERIC(20, scale)`: at most `scale` decimals and `20 - scale` integer digits.
    public static func fits(_ value: Decimal, scale: Int) -> Bool {
        let normalized = round(value, scale: scale, mode: .plain)
        guard normalized == value else { return false }
        var limit = Decimal(1)
        for _ in 0..<(20 - scale) { limit *= 10 }
        return value.magnitude < limit
    }
}
