import Analytics
import Foundation
import Model

/// The parts the `/risk` request bodies share: whose holdings (a portfolio, or ad-hoc holdings), the bar
/// interval and lookback the returns come from, and the as-of time.
struct RiskRequest: Decodable, Sendable {
    struct HoldingBody: Decodable, Sendable {
        var stockId: String
        var quantity: DecimalInput
    }

    var portfolioId: String?
    var holdings: [HoldingBody]?
    /// Bar interval of the returns (default `1d`).
    var interval: String?
    /// Returns used (default 250, at least 20, at most 5,000).
    var lookback: Int?
    /// EWMA decay of the covariance (default 0.94).
    var lambda: Double?
    /// Time the estimate is as of (ISO-8601, default now): bars before it are used.
    var asOf: String?

    static let defaultLookback = 250, maxLookback = 5_000, maxHoldings = 500

    var barInterval: BarInterval {
        get throws(ServingError) {
            guard let interval else { return .oneDay }
            guard let parsed = BarInterval(rawValue: interval) else {
                throw ServingError(.validation, field: "interval", "interval must be one of \(BarInterval.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return parsed
        }
    }

    var returnCount: Int {
        get throws(ServingError) {
            let count = lookback ?? Self.defaultLookback
            guard (ReturnHistory.minimumReturns...Self.maxLookback).contains(count) else {
                throw ServingError(.validation, field: "lookback", "lookback must be from \(ReturnHistory.minimumReturns) to \(Self.maxLookback) returns")
            }
            return count
        }
    }

    var decay: Double {
        get throws(ServingError) {
            let value = lambda ?? 0.94
            guard value > 0, value < 1 else { throw ServingError(.validation, field: "lambda", "lambda must be in (0, 1)") }
            return value
        }
    }

    var asOfNanos: Int64 {
        get throws(ServingError) {
            guard let asOf else { return Timestamp.now() }
            do { return try Timestamp.parseISO8601(asOf) } catch {
                throw ServingError(.validation, field: "asOf", "asOf must be an ISO-8601 date-time such as 2026-01-31T00:00:00Z")
            }
        }
    }

    /// The holdings, one per instrument (quantities summed), in first-mention order: the portfolio's (which the
    /// viewer must be allowed to see) or the ad-hoc ones.
    ///
    /// - Throws: ``ServingError``: `validation` when both or neither are given, a stock is unknown or a quantity is
    ///   zero; `notFound`/`forbidden` for a portfolio the viewer may not see.
    func positions(api: LedgerAPI, viewer: Principal) async throws(ServingError) -> [(instrument: Instrument, quantity: Decimal)] {
        var listed: [(id: String, quantity: Decimal, field: String)] = []
        switch (portfolioId, holdings) {
        case (let id?, nil):
            let portfolio = try await api.ledger.portfolio(id: id, viewer: viewer)
            listed = portfolio.holdings.enumerated().map { ($1.instrumentId, $1.quantity, "portfolioId") }
        case (nil, let holdings?):
            listed = holdings.enumerated().map { ($1.stockId, $1.quantity.value, "holdings[\($0)].stockId") }
        default:
            throw ServingError(.validation, field: "portfolioId", "give either portfolioId or holdings")
        }
        guard !listed.isEmpty, listed.count <= Self.maxHoldings else {
            throw ServingError(.validation, field: "holdings", "between 1 and \(Self.maxHoldings) holdings are needed")
        }
        var order: [String] = []
        var byId: [String: (instrument: Instrument, quantity: Decimal)] = [:]
        for entry in listed {
            guard let listing = api.ledger.stocks.listing(entry.id) else {
                throw ServingError(.validation, field: entry.field, "unknown stock \(entry.id)")
            }
            let id = listing.instrument.id
            if byId[id] == nil { order.append(id) }
            byId[id, default: (listing.instrument, 0)].quantity += entry.quantity
        }
        let positions = order.map { byId[$0]! }
        if let flat = positions.first(where: { $0.quantity == 0 }) {
            throw ServingError(.validation, field: "holdings", "the holdings of \(flat.instrument.symbol) add up to zero")
        }
        return positions
    }
}

/// `POST /risk/var`.
struct VaRRequest: Decodable, Sendable {
    var common: RiskRequest
    /// `parametric` (default), `historical` or `monte-carlo`.
    var method: String?
    var confidence: Double?
    var horizonDays: Double?
    /// Monte Carlo scenarios (default 10,000, at most 200,000), seed, `normal` or `student-t` shocks.
    var scenarios: Int?
    var seed: UInt64?
    var distribution: String?
    var degreesOfFreedom: Double?

    enum CodingKeys: String, CodingKey {
        case method, confidence, horizonDays, scenarios, seed, distribution, degreesOfFreedom
    }

    init(from decoder: any Decoder) throws {
        common = try RiskRequest(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decodeIfPresent(String.self, forKey: .method)
        confidence = try container.decodeIfPresent(Double.self, forKey: .confidence)
        horizonDays = try container.decodeIfPresent(Double.self, forKey: .horizonDays)
        scenarios = try container.decodeIfPresent(Int.self, forKey: .scenarios)
        seed = try container.decodeIfPresent(UInt64.self, forKey: .seed)
        distribution = try container.decodeIfPresent(String.self, forKey: .distribution)
        degreesOfFreedom = try container.decodeIfPresent(Double.self, forKey: .degreesOfFreedom)
    }

    /// The engine options.
    ///
    /// - Throws: ``ServingError`` `validation` naming the field out of range.
    func options() throws(ServingError) -> RiskEngine.Options {
        var options = RiskEngine.Options()
        let name = method ?? RiskMethod.parametric.rawValue
        guard let parsed = RiskMethod(rawValue: name), [.parametric, .historical, .monteCarlo].contains(parsed) else {
            throw ServingError(.validation, field: "method", "method must be parametric, historical or monte-carlo")
        }
        options.method = parsed
        options.confidence = confidence ?? 0.99
        guard options.confidence > 0.5, options.confidence < 1 else {
            throw ServingError(.validation, field: "confidence", "confidence must be in (0.5, 1), e.g. 0.95, 0.975 or 0.99")
        }
        options.horizonDays = horizonDays ?? 1
        guard options.horizonDays >= 1, options.horizonDays <= 250 else {
            throw ServingError(.validation, field: "horizonDays", "horizonDays must be from 1 to 250")
        }
        options.lambda = try common.decay
        let count = scenarios ?? 10_000
        guard (100...200_000).contains(count) else {
            throw ServingError(.validation, field: "scenarios", "scenarios must be from 100 to 200,000")
        }
        let shocks: MonteCarloVaR.Shocks
        switch distribution ?? "normal" {
        case "normal": shocks = .normal
        case "student-t":
            let nu = degreesOfFreedom ?? 5
            guard nu > 2, nu <= 1_000 else {
                throw ServingError(.validation, field: "degreesOfFreedom", "degreesOfFreedom must be in (2, 1000] (a finite variance)")
            }
            shocks = .studentT(degreesOfFreedom: nu)
        default:
            throw ServingError(.validation, field: "distribution", "distribution must be normal or student-t")
        }
        options.monteCarlo = MonteCarloVaR.Configuration(scenarios: count, seed: seed ?? 42, shocks: shocks)
        return options
    }
}
