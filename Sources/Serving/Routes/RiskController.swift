import Analytics
import Foundation
import Hummingbird
import Model
import NIOPosix

/// `/risk/…`: VaR and ES on demand (parametric, historical, Monte Carlo), correlation matrices, stress tests and
/// a portfolio's risk dashboard. Returns come from the bars of the live views and the warehouse
/// (``ReturnHistory``); amounts are in the server's base currency (``LedgerAPI/baseCurrency``).
struct RiskController {
    let api: LedgerAPI

    struct CorrelationBody: Decodable {
        var instrumentIds: [String]
        var interval: String?
        var lookback: Int?
        var lambda: Double?
        var asOf: String?
    }

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.post("risk/var") { request, context in
            var request = request
            let viewer = try await api.authenticate(request)
            let body = try await request.decodeJSON(VaRRequest.self, context: context)
            let options = try body.options()
            let holdings = try await body.common.positions(api: api, viewer: viewer)
            let interval = try body.common.barInterval
            let history = try await ReturnHistory.load(
                holdings.map(\.instrument.id), interval: interval, lookback: try body.common.returnCount,
                asOfNanos: try body.common.asOfNanos, baseCurrency: api.baseCurrency, market: api.market)
            let positions = RiskPosition.make(holdings, history: history)
            let answer = try await Self.compute { try RiskEngine.valueAtRisk(positions, history: history, options: options) }
            return try JSONResponse.make(VaRJSON(
                answer, options: options, positions: positions, interval: interval, observations: history.returns.count,
                asOfNanos: history.asOfNanos, currency: api.baseCurrency))
        }
        group.post("risk/correlation-matrix") { request, context in
            var request = request
            _ = try await api.authenticate(request)
            let body = try await request.decodeJSON(CorrelationBody.self, context: context)
            let common = RiskRequest(interval: body.interval, lookback: body.lookback, lambda: body.lambda, asOf: body.asOf)
            guard (2...RiskRequest.maxHoldings).contains(body.instrumentIds.count) else {
                throw ServingError(.validation, field: "instrumentIds", "between 2 and \(RiskRequest.maxHoldings) instruments are needed")
            }
            var instruments: [Instrument] = []
            for (index, id) in body.instrumentIds.enumerated() {
                guard let listing = api.ledger.stocks.listing(id) else {
                    throw ServingError(.validation, field: "instrumentIds[\(index)]", "unknown stock \(id)")
                }
                guard !instruments.contains(where: { $0.id == listing.instrument.id }) else {
                    throw ServingError(.validation, field: "instrumentIds[\(index)]", "\(id) is listed twice")
                }
                instruments.append(listing.instrument)
            }
            let interval = try common.barInterval
            let history = try await ReturnHistory.load(
                instruments.map(\.id), interval: interval, lookback: try common.returnCount, asOfNanos: try common.asOfNanos,
                baseCurrency: api.baseCurrency, market: api.market)
            let lambda = try common.decay
            let (matrix, volatilities) = try await Self.compute { try RiskEngine.correlation(history, lambda: lambda) }
            return try JSONResponse.make(CorrelationJSON(
                instruments: instruments.map { .init(instrumentId: $0.id, symbol: $0.symbol) }, matrix: matrix, volatilities: volatilities,
                interval: interval.rawValue, observations: history.returns.count, asOf: Timestamp.iso8601(history.asOfNanos)))
        }
        group.post("risk/stress-test") { request, context in
            var request = request
            let viewer = try await api.authenticate(request)
            let body = try await request.decodeJSON(StressRequest.self, context: context)
            let interval = try body.common.barInterval
            let hypothetical = try body.hypothetical()
            let windows = try body.windows(interval: interval)
            let holdings = try await body.common.positions(api: api, viewer: viewer)
            let asOf = try body.common.asOfNanos
            let ids = holdings.map(\.instrument.id)
            let closes = try await ReturnHistory.latestCloses(ids, interval: interval, asOfNanos: asOf, baseCurrency: api.baseCurrency, market: api.market)
            let unpriced = ids.filter { closes[$0] == nil }
            guard unpriced.isEmpty else {
                throw ServingError(.noPriceHistory, field: "holdings", "no \(interval.rawValue) bars in \(api.baseCurrency) for \(unpriced.joined(separator: ", ")) in the week before \(Timestamp.iso8601(asOf))")
            }
            let values = holdings.map { NSDecimalNumber(decimal: $0.quantity).doubleValue * closes[$0.instrument.id]! }
            var results = RiskEngine.stress(holdings.map(\.instrument), values: values, scenarios: hypothetical, baseCurrency: api.baseCurrency)
                .map { StressJSON.ScenarioJSON($0, instruments: ids, kind: "hypothetical", missing: []) }
            if !windows.isEmpty {
                guard let warehouse = api.market.history as? WarehouseBarHistory else {
                    throw ServingError(.noPriceHistory, field: "historical", "this server keeps no warehouse to replay historical windows from")
                }
                let positions = zip(ids, values).map { HistoricalStressScenario.Position(instrumentId: $0, marketValue: $1) }
                for window in windows {
                    let outcome = try await Self.replay(window, positions: positions, warehouse: warehouse)
                    results.append(StressJSON.ScenarioJSON(outcome.result, instruments: ids, kind: "historical", missing: outcome.missing))
                }
            }
            return try JSONResponse.make(StressJSON(
                currency: api.baseCurrency, portfolioValue: values.reduce(0, +), asOf: Timestamp.iso8601(asOf), scenarios: results))
        }
        group.get("risk/dashboard/:portfolioId") { request, context in
            let viewer = try await api.authenticate(request, roles: [.investor, .admin])
            let portfolio = try await api.ledger.portfolio(id: try LedgerAPI.parameter("portfolioId", context), viewer: viewer)
            return try JSONResponse.make(try await RiskDashboard.make(portfolio, api: api, baseCurrency: api.baseCurrency))
        }
    }

    /// Runs a risk computation (Monte Carlo paths, a covariance) on NIO's blocking pool, so that it never holds up
    /// an event loop, where `tickflow serve` runs its handlers, or the cooperative pool.
    static func compute<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }

    /// Replays a historical window on NIO's blocking pool (warehouse scans block).
    static func replay(
        _ window: HistoricalStressScenario, positions: [HistoricalStressScenario.Position], warehouse: WarehouseBarHistory
    ) async throws(ServingError) -> HistoricalStressScenario.Outcome {
        do {
            return try await compute { try window.run(on: positions, history: warehouse) }
        } catch {
            throw ServingError(.storage, "cannot replay \(window.name) from the warehouse: \(error)")
        }
    }
}

extension RiskRequest {
    init(interval: String?, lookback: Int?, lambda: Double?, asOf: String?) {
        self.init(portfolioId: nil, holdings: nil, interval: interval, lookback: lookback, lambda: lambda, asOf: asOf)
    }
}
