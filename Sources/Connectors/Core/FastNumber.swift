#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Number parsing straight from feed bytes, without making a `String` first.
public enum FastNumber {
    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// Parses a decimal number (`-12.5`, `3`, `1e-3`, `.5`); `nil` when the bytes are not exactly one number.
    ///
    /// Plain decimals whose digits fit 2^53 are converted exactly (one correctly rounded division);
    /// anything else (exponents, long mantissas) goes through `strtod`.
    public static func parseDouble(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        var negative = false
        if i < b.count, b[i] == 45 || b[i] == 43 { negative = b[i] == 45; i += 1 }
        var mantissa: UInt64 = 0, digits = 0, fractionDigits = 0, sawDot = false
        while i < b.count {
            let c = b[i]
            if c >= 48 && c <= 57 {
                mantissa = mantissa &* 10 &+ UInt64(c - 48)
                digits += 1
                if sawDot { fractionDigits += 1 }
            } else if c == 46 && !sawDot {
                sawDot = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        // Exact when the mantissa is an exact Double (at most 2^53) and the power of ten too (at most 10^22): one
        // correctly rounded division, the same result as `strtod`. 19 digits cannot overflow the UInt64 mantissa.
        if i == b.count && digits <= 19 && mantissa <= 1 << 53 {
            let value = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        return slowParse(b)
    }

    /// Parses an optionally signed decimal integer that fits `Int64`; `nil` otherwise.
    public static func parseInt(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0, negative = false
        if i < b.count, b[i] == 45 || b[i] == 43 { negative = b[i] == 45; i += 1 }
        guard i < b.count else { return nil }
        var value: Int64 = 0
        while i < b.count {
            let c = b[i]
            guard c >= 48 && c <= 57 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(c - 48))
            if o1 || o2 { return nil }
            value = sum
            i += 1
        }
        return negative ? -value : value
    }

    private static func slowParse(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        guard b.count < 64 else { return nil }
        // A NUL-terminated copy on the stack: no heap allocation for the numbers that take this path.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { text -> Double? in
            for index in 0..<b.count { text[index] = CChar(bitPattern: b[index]) }
            text[b.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(text.baseAddress!, &end)
            guard let end, end - text.baseAddress! == b.count else { return nil }
            return value
        }
    }
}
