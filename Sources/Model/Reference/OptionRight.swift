/// Right of an option: to buy (call) or to sell (put) the underlying.
public enum OptionRight: String, Sendable, Hashable, Codable, CaseIterable {
    /// Right to buy the underlying.
    case call
    /// Right to sell the underlying.
    case put
}

extension OptionRight {
    /// Maps a wire value; `nil` for `UNSPECIFIED` and values this version does not know.
    init?(proto: Tickflow_V1_OptionRight) {
        switch proto {
        case .call: self = .call
        case .put: self = .put
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }

    /// The wire value.
    var proto: Tickflow_V1_OptionRight {
        switch self {
        case .call: .call
        case .put: .put
        }
    }
}
