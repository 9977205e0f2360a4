/// The length of a bar's window; each interval has its own `bars.<name>` topic.
public enum BarInterval: String, Sendable, Hashable, Codable, CaseIterable {
    /// One second (`bars.1s`).
    case oneSecond = "1s"
    /// One minute (`bars.1m`).
    case oneMinute = "1m"
    /// Five minutes (`bars.5m`).
    case fiveMinutes = "5m"
    /// One hour (`bars.1h`).
    case oneHour = "1h"
    /// One UTC day (`bars.1d`).
    case oneDay = "1d"

    /// The window length in nanoseconds.
    public var nanos: Int64 {
        switch self {
        case .oneSecond: Timestamp.nanosPerSecond
        case .oneMinute: Timestamp.nanosPerMinute
        case .fiveMinutes: 5 * Timestamp.nanosPerMinute
        case .oneHour: Timestamp.nanosPerHour
        case .oneDay: Timestamp.nanosPerDay
        }
    }

    /// The short name, e.g. `1m`.
    public var name: String { rawValue }

    /// The topic the bars of this interval are published to, e.g. `bars.1m`.
    public var topic: String { "bars.\(rawValue)" }

    /// The start of the window containing `nanos`.
    public func windowStart(containing nanos: Int64) -> Int64 {
        Timestamp.floor(nanos, toMultipleOf: self.nanos)
    }
}

extension BarInterval {
    /// Maps a wire value; `nil` for `UNSPECIFIED` and values this version does not know.
    init?(proto: Tickflow_V1_BarInterval) {
        switch proto {
        case .barInterval1S: self = .oneSecond
        case .barInterval1M: self = .oneMinute
        case .barInterval5M: self = .fiveMinutes
        case .barInterval1H: self = .oneHour
        case .barInterval1D: self = .oneDay
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }

    /// The wire value.
    var proto: Tickflow_V1_BarInterval {
        switch self {
        case .oneSecond: .barInterval1S
        case .oneMinute: .barInterval1M
        case .fiveMinutes: .barInterval5M
        case .oneHour: .barInterval1H
        case .oneDay: .barInterval1D
        }
    }
}
