/// What a risk metric measures.
public enum RiskMetricKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Value at risk: the loss not exceeded with probability `confidence` over the horizon.
    case valueAtRisk = "var"
    /// Expected shortfall: the mean loss beyond the VaR.
    case expectedShortfall = "es"
    /// Annualised volatility of returns.
    case volatility
    /// Marginal VaR of one position: the VaR change per unit of its exposure (a fraction).
    case marginalValueAtRisk = "marginal-var"
    /// Component (Euler) VaR of one position: its share of the portfolio VaR; the components sum to it.
    case componentValueAtRisk = "component-var"
    /// Incremental VaR of one position: the VaR removed by selling it.
    case incrementalValueAtRisk = "incremental-var"

    /// Whether the metric is a loss amount in a currency at a confidence level (VaR, ES).
    public var isLossMeasure: Bool { self != .volatility }
}

extension RiskMetricKind {
    /// Maps a wire value; `nil` for `UNSPECIFIED` and values this version does not know.
    init?(proto: Tickflow_V1_RiskMetricKind) {
        switch proto {
        case .var: self = .valueAtRisk
        case .expectedShortfall: self = .expectedShortfall
        case .volatility: self = .volatility
        case .marginalVar: self = .marginalValueAtRisk
        case .componentVar: self = .componentValueAtRisk
        case .incrementalVar: self = .incrementalValueAtRisk
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }

    /// The wire value.
    var proto: Tickflow_V1_RiskMetricKind {
        switch self {
        case .valueAtRisk: .var
        case .expectedShortfall: .expectedShortfall
        case .volatility: .volatility
        case .marginalValueAtRisk: .marginalVar
        case .componentValueAtRisk: .componentVar
        case .incrementalValueAtRisk: .incrementalVar
        }
    }
}
