import Analytics
import Foundation
import Model

/// The aligned log returns, in the base currency, of a set of instruments over their last bars: what VaR,
/// correlation and volatility are estimated from.
///
/// Each bar's close is converted with the rate the stream enriched it at (``Model/Bar/impliedBaseRate``; a bar
/// without trades keeps the previous bar's rate), so returns carry the currency risk of foreign holdings. Only
/// windows every instrument has a bar for are used; the last `lookback + 1` of them give `lookback` returns.
struct ReturnHistory: Sendable {
    /// The instruments, in the order asked.
    var instrumentIds: [String]
    /// `returns[t][i]`: the log return of instrument `i` into window `t`, oldest first.
    var returns: [[Double]]
    /// The latest base-currency close of each instrument.
    var lastCloses: [Double]
    /// Window start of the last bar used: the as-of time of anything computed from these returns.
    var asOfNanos: Int64

    /// Fewest returns an estimate is made from.
    static let minimumReturns = 20

    /// Loads the bars of `interval` before `asOfNanos` (views and warehouse) and aligns them.
    ///
    /// - Throws: ``ServingError`` `noPriceHistory` naming the instruments lacking bars, a base-currency rate, or
    ///   enough common windows; store errors.
    static func load(
        _ instrumentIds: [String], interval: BarInterval, lookback: Int, asOfNanos: Int64, baseCurrency: String, market: MarketData
    ) async throws(ServingError) -> ReturnHistory {
        // Twice the span needed, so that weekends and holidays in daily bars still leave `lookback` windows.
        let span = Int64(lookback + 1) * interval.nanos * 2
        let from = asOfNanos.subtractingReportingOverflow(span).overflow ? Int64.min : asOfNanos - span
        var closes: [[Int64: Double]] = []
        var missing: [String] = []
        for id in instrumentIds {
            let bars = try await market.bars(id, interval: interval, fromNanos: from, toNanos: asOfNanos).bars
            let series = baseCloses(bars, baseCurrency: baseCurrency)
            if series.isEmpty { missing.append(id) }
            closes.append(series)
        }
        guard missing.isEmpty else {
            throw ServingError(.noPriceHistory, field: "holdings", "no \(interval.rawValue) bars in \(baseCurrency) for \(missing.joined(separator: ", ")) before \(Timestamp.iso8601(asOfNanos))")
        }
        var common = Set(closes[0].keys)
        for series in closes.dropFirst() { common.formIntersection(series.keys) }
        let windows = Array(common.sorted().suffix(lookback + 1))
        guard windows.count > minimumReturns else {
            throw ServingError(
                .noPriceHistory, field: "lookback",
                "only \(max(0, windows.count - 1)) \(interval.rawValue) returns common to all instruments before \(Timestamp.iso8601(asOfNanos)); at least \(minimumReturns) are needed")
        }
        let returns = (1..<windows.count).map { t in
            closes.map { series in Foundation.log(series[windows[t]]! / series[windows[t - 1]]!) }
        }
        return ReturnHistory(
            instrumentIds: instrumentIds, returns: returns, lastCloses: closes.map { $0[windows.last!]! }, asOfNanos: windows.last!)
    }

    /// The latest base-currency close, before `asOfNanos`, of each instrument that has one among the bars of
    /// `interval` of the last `lookbackNanos` (default: the last week, or ten intervals, if longer).
    static func latestCloses(
        _ instrumentIds: [String], interval: BarInterval, asOfNanos: Int64, baseCurrency: String, market: MarketData,
        lookbackNanos: Int64? = nil
    ) async throws(ServingError) -> [String: Double] {
        let span = lookbackNanos ?? max(7 * Timestamp.nanosPerDay, 10 * interval.nanos)
        let from = asOfNanos.subtractingReportingOverflow(span).overflow ? Int64.min : asOfNanos - span
        var closes: [String: Double] = [:]
        for id in instrumentIds {
            let series = baseCloses(try await market.bars(id, interval: interval, fromNanos: from, toNanos: asOfNanos).bars, baseCurrency: baseCurrency)
            if let last = series.keys.max() { closes[id] = series[last] }
        }
        return closes
    }

    /// Window start → close in the base currency; bars with no usable rate yet are left out.
    static func baseCloses(_ bars: [Bar], baseCurrency: String) -> [Int64: Double] {
        var closes: [Int64: Double] = [:]
        var rate: Double?
        for bar in bars {
            if bar.currency == baseCurrency {
                rate = 1
            } else if bar.baseCurrency == baseCurrency, let implied = bar.impliedBaseRate {
                rate = implied
            }
            guard let rate, bar.close > 0, bar.close.isFinite else { continue }
            closes[bar.windowStartNanos] = bar.close * rate
        }
        return closes
    }

    /// The EWMA covariance (RiskMetrics, zero mean) of the returns, bias-corrected by `1 / (1 − λᵀ)` so that a
    /// short window is not understated: with `T` returns the raw weights sum to `1 − λᵀ`.
    ///
    /// - Throws: ``ServingError`` `validation` for a λ outside (0, 1).
    func covariance(lambda: Double) throws(ServingError) -> Matrix {
        do {
            var estimator = try EWMACovariance(dimension: instrumentIds.count, lambda: lambda)
            for vector in returns { try estimator.update(vector) }
            let scale = 1 / (1 - Foundation.pow(lambda, Double(returns.count)))
            let n = instrumentIds.count
            return try Matrix(rows: n, columns: n, columnMajor: estimator.covariance.elements.map { $0 * scale })
        } catch {
            throw ServingError(.validation, field: "lambda", "\(error)")
        }
    }
}
