import Foundation

/// Exact money arithmetic of the backtest: prices enter as `Double` and become `Decimal` rounded to 8 places.
public enum Money {
    /// The fraction digits kept (the warehouse's `NUMERIC(20, 8)` columns).
    public static let scale = 8

    /// A price as an exact decimal, rounded half-up to ``scale`` places from its shortest round-trip text.
    public static func decimal(_ value: Double) -> Decimal {
        guard value.isFinite, let decimal = Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX")) else { return 0 }
        return rounded(decimal)
    }

    /// `value` rounded half-up to ``scale`` places.
    public static func rounded(_ value: Decimal) -> Decimal {
        var input = value, output = Decimal()
        NSDecimalRound(&output, &input, scale, .plain)
        return output
    }

    /// A decimal as a `Double` (for returns and ratios, never for balances).
    public static func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
}
