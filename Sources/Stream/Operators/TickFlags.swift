/// Conditions the processor found in a tick or produced a value under: published as the `tickflow-flags` header
/// (comma-separated names) and counted in `tickflow_stream_flags_total{flag}`.
public struct TickFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// A quote whose bid is above its ask (kept, flagged, left out of the top of book).
    public static let crossed = TickFlags(rawValue: 1 << 0)
    /// A quote whose bid equals its ask.
    public static let locked = TickFlags(rawValue: 1 << 1)
    /// A tick older than one already seen for its instrument.
    public static let outOfOrder = TickFlags(rawValue: 1 << 2)
    /// A price move beyond k·σ of the instrument's recent returns; the score is in `tickflow-spike-score`.
    public static let spike = TickFlags(rawValue: 1 << 3)
    /// The first tick after a stale episode (the feed was silent for longer than N× its usual interval).
    public static let staleResumed = TickFlags(rawValue: 1 << 4)
    /// A gap-filled value carried forward from the last one (a flat bar with no trades).
    public static let interpolated = TickFlags(rawValue: 1 << 5)
    /// A tick converted with a rate not observed at its event time (see ``TickProcessorConfiguration/fxMaxWaitNanos``).
    public static let fxInterpolated = TickFlags(rawValue: 1 << 6)

    /// Every flag with its header name and counter reason, in header order.
    public static let named: [(flag: TickFlags, name: String, reason: String)] = [
        (.crossed, "crossed", "CROSSED_QUOTE"), (.locked, "locked", "LOCKED_QUOTE"),
        (.outOfOrder, "out-of-order", "OUT_OF_ORDER"), (.spike, "spike", "PRICE_SPIKE"),
        (.staleResumed, "stale-resumed", "STALE_RESUMED"), (.interpolated, "interpolated", "GAP_FILLED"),
        (.fxInterpolated, "fx-interpolated", "FX_INTERPOLATED"),
    ]

    /// The flag names, e.g. `crossed,out-of-order`.
    public var names: String {
        Self.named.filter { contains($0.flag) }.map(\.name).joined(separator: ",")
    }
}
