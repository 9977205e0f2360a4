/// What a risk metric measures.
public enum RiskMetricKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Value at risk: the loss not exceeded with probability `confidence` over the horizon.
    case valueAtRisk = "var"
    /// Expected shortfall: the mean loss beyond the VaR.
    case expectedShortfall = "es"
    /// Annualised volatility of returns.
    case volatility

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
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }

    /// The wire value.
    var proto: Tickflow_V1_RiskMetricKind {
        switch self {
        case .valueAtRisk: .var
        case .expectedShortfall: .expectedShortfall
        case .volatility: .volatility
        }
    }
}
