import Analytics
import Foundation
import Model

/// `POST /risk/stress-test`: hypothetical scenarios (the standard ones by name, custom shocks by sector, region,
/// asset class or currency) and historical windows replayed from the warehouse, on a portfolio or ad-hoc holdings.
struct StressRequest: Decodable, Sendable {
    struct CustomBody: Decodable, Sendable {
        var name: String
        /// Relative move of the matching holdings' value, e.g. -0.15.
        var change: Double
        var sector: String?
        var region: String?
        var assetClass: String?
        var currency: String?
    }

    struct HistoricalBody: Decodable, Sendable {
        var name: String?
        var from: String
        var to: String
    }

    var common: RiskRequest
    /// Names of standard scenarios (default: all of them when no custom or historical one is given).
    var scenarios: [String]?
    var custom: [CustomBody]?
    var historical: [HistoricalBody]?

    enum CodingKeys: String, CodingKey { case scenarios, custom, historical }

    init(from decoder: any Decoder) throws {
        common = try RiskRequest(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scenarios = try container.decodeIfPresent([String].self, forKey: .scenarios)
        custom = try container.decodeIfPresent([CustomBody].self, forKey: .custom)
        historical = try container.decodeIfPresent([HistoricalBody].self, forKey: .historical)
    }

    /// The hypothetical scenarios asked for.
    ///
    /// - Throws: ``ServingError`` `validation` naming an unknown scenario, asset class or a non-finite change.
    func hypothetical() throws(ServingError) -> [StressScenario] {
        var chosen: [StressScenario] = []
        let names = scenarios ?? (custom == nil && historical == nil ? StressScenario.standard.map(\.name) : [])
        for (index, name) in names.enumerated() {
            guard let scenario = StressScenario.standard.first(where: { $0.name == name }) else {
                throw ServingError(
                    .validation, field: "scenarios[\(index)]",
                    "unknown scenario \(name); the standard ones are \(StressScenario.standard.map(\.name).joined(separator: ", "))")
            }
            chosen.append(scenario)
        }
        for (index, body) in (custom ?? []).enumerated() {
            guard body.change.isFinite, body.change >= -1 else {
                throw ServingError(.validation, field: "custom[\(index)].change", "change must be a finite relative move of at least -1")
            }
            var assetClass: AssetClass?
            if let name = body.assetClass {
                guard let parsed = AssetClass(rawValue: name) else {
                    throw ServingError(.validation, field: "custom[\(index)].assetClass", "unknown asset class \(name)")
                }
                assetClass = parsed
            }
            let filter = StressFilter(assetClass: assetClass, sector: body.sector, region: body.region, currency: body.currency)
            chosen.append(StressScenario(name: body.name, shocks: [.custom(filter: filter, relativeChange: body.change)]))
        }
        return chosen
    }

    /// The historical windows asked for.
    ///
    /// - Throws: ``ServingError`` `validation` naming a window whose times do not parse or are reversed.
    func windows(interval: BarInterval) throws(ServingError) -> [HistoricalStressScenario] {
        var windows: [HistoricalStressScenario] = []
        for (index, body) in (historical ?? []).enumerated() {
            let period = try PerformancePeriod(from: body.from, to: body.to)
            let name = body.name ?? "\(body.from) – \(body.to)"
            windows.append(try RiskEngine.analytics("historical[\(index)].from") {
                try HistoricalStressScenario(name: name, fromNanos: period.fromNanos, toNanos: period.toNanos, interval: interval)
            })
        }
        return windows
    }
}
