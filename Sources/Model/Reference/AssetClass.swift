/// Broad asset class of an instrument.
public enum AssetClass: String, Sendable, Hashable, Codable, CaseIterable {
    /// Shares, ETFs.
    case equity
    /// Government and corporate bonds.
    case bond
    /// Listed options and futures.
    case derivative
    /// Currency pairs.
    case fx
}

extension AssetClass {
    /// Maps a wire value; `nil` for `UNSPECIFIED` and values this version does not know.
    init?(proto: Tickflow_V1_AssetClass) {
        switch proto {
        case .equity: self = .equity
        case .bond: self = .bond
        case .derivative: self = .derivative
        case .fx: self = .fx
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }

    /// The wire value.
    var proto: Tickflow_V1_AssetClass {
        switch self {
        case .equity: .equity
        case .bond: .bond
        case .derivative: .derivative
        case .fx: .fx
        }
    }
}
