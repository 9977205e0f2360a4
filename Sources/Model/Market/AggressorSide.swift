/// Which side initiated a trade.
public enum AggressorSide: String, Sendable, Hashable, Codable, CaseIterable {
    /// The venue did not say.
    case unknown
    /// The buyer lifted the offer.
    case buy
    /// The seller hit the bid.
    case sell
}

extension AggressorSide {
    /// Maps a wire value; `nil` for values this version does not know.
    init?(proto: Tickflow_V1_AggressorSide) {
        switch proto {
        case .unspecified: self = .unknown
        case .buy: self = .buy
        case .sell: self = .sell
        case .UNRECOGNIZED: return nil
        }
    }

    /// The wire value.
    var proto: Tickflow_V1_AggressorSide {
        switch self {
        case .unknown: .unspecified
        case .buy: .buy
        case .sell: .sell
        }
    }
}
