/// Direction of a client flow.
public enum ClientFlowKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Money coming into the portfolio.
    case subscription
    /// Money leaving the portfolio.
    case redemption

    /// +1 for a subscription, -1 for a redemption: the sign of the flow's effect on the portfolio's cash.
    public var sign: Int { self == .subscription ? 1 : -1 }
}

extension ClientFlowKind {
    /// Maps a wire value; `nil` for `UNSPECIFIED` and values this version does not know.
    init?(proto: Tickflow_V1_ClientFlowKind) {
        switch proto {
        case .subscription: self = .subscription
        case .redemption: self = .redemption
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }

    /// The wire value.
    var proto: Tickflow_V1_ClientFlowKind {
        switch self {
        case .subscription: .subscription
        case .redemption: .redemption
        }
    }
}
