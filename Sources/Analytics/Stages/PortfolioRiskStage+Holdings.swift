import Foundation
import Model
import Stream

extension PortfolioRiskStage {
    /// Applies a portfolio's holdings if newer than those in force: same instruments → one O(n) quantity update
    /// per changed position; other instruments → a new engine (O(k²)) and a fresh P&L history; no positions →
    /// the portfolio is dropped. Publishes the parametric VaR and its decomposition.
    mutating func apply(
        _ holdings: PortfolioHoldings, record: StreamRecord<AnalyticsInput>, into output: inout OperatorOutput<AnalyticsOutput>
    ) throws {
        let id = holdings.portfolioId
        if let current = state.portfolios[id], holdings.eventTimeNanos <= current.holdings.eventTimeNanos { return }
        guard holdings.baseCurrency == configuration.baseCurrency else {
            output.reject(
                record, reasonCode: "CURRENCY_MISMATCH",
                reason: "portfolio \(id) reports in \(holdings.baseCurrency), the stage in \(configuration.baseCurrency)")
            return
        }
        if let known = configuration.knownInstruments,
            let unknown = holdings.positions.first(where: { !known.contains($0.instrumentId) })
        {
            output.reject(record, reasonCode: "UNKNOWN_INSTRUMENT", reason: "portfolio \(id) holds \(unknown.instrumentId), not in the instrument master")
            return
        }
        let quantities = holdings.positions.map { NSDecimalNumber(decimal: $0.quantity).doubleValue }
        if let bad = quantities.firstIndex(where: { !$0.isFinite }) {
            output.reject(record, reasonCode: "INVALID_HOLDINGS", reason: "portfolio \(id) position \(bad): quantity is not a finite number")
            return
        }
        state.asOfNanos = max(state.asOfNanos, holdings.eventTimeNanos)
        state.ingestNanos = max(state.ingestNanos, holdings.ingestTimeNanos)
        guard !holdings.positions.isEmpty else {
            state.portfolios[id] = nil
            return
        }
        let members = try holdings.positions.map { try state.index(of: $0.instrumentId, lambda: configuration.lambda) }
        if state.portfolios[id]?.members == members, let previous = state.portfolios[id]?.quantities {
            // In place: a copy of the portfolio would make each O(n) update copy its arrays first.
            for (local, quantity) in quantities.enumerated() where quantity != previous[local] {
                try state.portfolios[id]?.engine?.updateQuantity(at: local, to: quantity)
            }
            state.portfolios[id]?.quantities = quantities
            state.portfolios[id]?.holdings = holdings
        } else {
            var portfolio = PortfolioRiskState.Portfolio(holdings: holdings, members: members, quantities: quantities)
            try refreshEngine(&portfolio)
            state.portfolios[id] = portfolio
        }
        emitParametric(id, into: &output)
        emitDecomposition(id, into: &output)
    }
}
