import Foundation
import Model
import Stream

extension PortfolioRiskStage {
    /// Closes, oldest first, every open window that every relevant instrument (one with bars, or held by a
    /// portfolio) has passed — so that bars arriving partition by partition, as in a catch-up, still line up —
    /// and any window ``AnalyticsConfiguration/maximumLagWindows`` behind the newest bar (a halted instrument does
    /// not hold the covariance back for ever).
    mutating func closeCompleteWindows(into output: inout OperatorOutput<AnalyticsOutput>) throws {
        guard !state.openWindows.isEmpty else { return }
        var held = Set<Int>()
        for portfolio in state.portfolios.values { held.formUnion(portfolio.members) }
        var watermark = Int64.max, newest = Int64.min
        for (i, latest) in state.latestWindow.enumerated() where latest != .min || held.contains(i) {
            watermark = min(watermark, latest)
            newest = max(newest, latest)
        }
        let forced = newest - Int64(configuration.maximumLagWindows) * configuration.interval.nanos
        while let oldest = state.openWindows.first, oldest.start < watermark || oldest.start <= forced {
            state.openWindows.removeFirst()
            state.lastClosedWindow = oldest.start
            try close(oldest, into: &output)
        }
    }

    /// Folds a window's return vector into the covariance (O(n²)), appends each portfolio's P&L over it, refreshes
    /// the engines and publishes what depends on the covariance; runs Monte Carlo when its bar-time period passed.
    private mutating func close(_ window: OpenWindow, into output: inout OperatorOutput<AnalyticsOutput>) throws {
        guard window.hasReturns else { return }
        let n = state.universe.count
        let returns = window.returns + repeatElement(0, count: n - window.returns.count)
        let closes = window.closes + repeatElement(0, count: n - window.closes.count)
        try state.covariance?.update(returns)
        state.covarianceUpdates += 1
        for id in portfolioIds {
            guard var portfolio = state.portfolios[id] else { continue }
            // P&L of the positions over the window: q (p_end − p_start), with p_start = p_end e^{−r}.
            var pnl = 0.0
            for (local, i) in portfolio.members.enumerated() {
                pnl += portfolio.quantities[local] * closes[i] * (1 - Foundation.exp(-returns[i]))
            }
            portfolio.pnl.append(pnl)
            if portfolio.pnl.count > configuration.historicalWindow { portfolio.pnl.removeFirst(portfolio.pnl.count - configuration.historicalWindow) }
            try refreshEngine(&portfolio)
            state.portfolios[id] = portfolio
            emitParametric(id, into: &output)
            emitDecomposition(id, into: &output)
            emitHistorical(id, into: &output)
        }
        let windowEnd = window.start + configuration.interval.nanos
        if let every = configuration.monteCarloEveryNanos, state.covarianceUpdates >= configuration.minimumCovarianceUpdates,
            state.lastMonteCarloNanos.map({ windowEnd - $0 >= every }) ?? true
        {
            state.lastMonteCarloNanos = windowEnd
            for id in portfolioIds { output.emit(contentsOf: try monteCarlo(portfolioId: id).map { record($0) }) }
        }
    }
}
