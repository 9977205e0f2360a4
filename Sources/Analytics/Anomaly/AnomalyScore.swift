/// What an anomaly detector saw in one observation: the robust z of each measure, the component scores in
/// [0, 1] and their combination.
public struct AnomalyScore: Sendable, Equatable, Codable {
    /// Return divided by the volatility forecast before it; `nil` without a return or during warm-up.
    public var returnZ: Double?
    /// Robust z of log volume against the window's median and MAD; `nil` without volume or during warm-up.
    public var volumeZ: Double?
    /// Robust z of the relative spread against the window's median and MAD (only wide spreads count).
    public var spreadZ: Double?
    /// Bid above ask.
    public var crossed: Bool
    /// Nanoseconds since the previous observation exceeded the staleness limit.
    public var stale: Bool
    /// Component scores in [0, 1]: return, volume, spread, crossed, stale.
    public var components: Components
    /// The combined score `1 − Π(1 − cᵢ)` in [0, 1]: high when any component is high.
    public var score: Double

    /// Component scores in [0, 1].
    public struct Components: Sendable, Equatable, Codable {
        /// From `|returnZ|`.
        public var returnScore: Double
        /// From `|volumeZ|`.
        public var volumeScore: Double
        /// From `spreadZ` (wide side only).
        public var spreadScore: Double
        /// 1 when crossed.
        public var crossedScore: Double
        /// 1 when stale.
        public var staleScore: Double
    }
}
