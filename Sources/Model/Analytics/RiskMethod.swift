/// How a risk metric was estimated.
public enum RiskMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Historical simulation over past returns.
    case historical
    /// Variance-covariance (normal) model.
    case parametric
    /// Monte Carlo simulation.
    case monteCarlo = "monte-carlo"
    /// Exponentially weighted moving average.
    case ewma
    /// GARCH(1,1) conditional variance (a horizon above one day is the h-step forecast).
    case garch
}

extension RiskMethod {
    /// Maps a wire value; `nil` for `UNSPECIFIED` and values this version does not know.
    init?(proto: Tickflow_V1_RiskMethod) {
        switch proto {
        case .historical: self = .historical
        case .parametric: self = .parametric
        case .monteCarlo: self = .monteCarlo
        case .ewma: self = .ewma
        case .garch: self = .garch
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }

    /// The wire value.
    var proto: Tickflow_V1_RiskMethod {
        switch self {
        case .historical: .historical
        case .parametric: .parametric
        case .monteCarlo: .monteCarlo
        case .ewma: .ewma
        case .garch: .garch
        }
    }
}
