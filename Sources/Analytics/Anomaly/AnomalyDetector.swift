import Foundation

/// One observation of an instrument for anomaly scoring; absent measures are `nil`.
public struct AnomalyObservation: Sendable, Equatable {
    /// Event time, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// Log return since the previous observation.
    public var logReturn: Double?
    /// Traded volume over the interval.
    public var volume: Double?
    /// Best bid.
    public var bid: Double?
    /// Best ask.
    public var ask: Double?

    /// Creates an observation.
    public init(eventTimeNanos: Int64, logReturn: Double? = nil, volume: Double? = nil, bid: Double? = nil, ask: Double? = nil) {
        self.eventTimeNanos = eventTimeNanos
        self.logReturn = logReturn
        self.volume = volume
        self.bid = bid
        self.ask = ask
    }
}

/// Per-instrument anomaly scoring, O(window log window) per observation: returns against the current EWMA
/// volatility, log volume and relative spread against a rolling median/MAD, crossed and stale markets.
///
/// Each |z| maps to a component `1 / (1 + e^{−k(|z| − z½)})` (0.5 at `z½`), combined as `1 − Π(1 − cᵢ)`.
/// The scale estimates are robust: a spike is scored against the state before it, and enters the volatility
/// winsorised at `winsorizeAt` σ, so one outlier does not mask the next.
public struct AnomalyDetector: Sendable, Equatable, Codable {
    /// Settings with documented defaults.
    public struct Configuration: Sendable, Equatable, Codable {
        /// EWMA decay of the return variance (0.94).
        public var lambda = 0.94
        /// Observations in the volume/spread baseline window (100).
        public var window = 100
        /// Observations before a measure is scored (20).
        public var warmUp = 20
        /// |z| at which a component reaches 0.5 (6).
        public var halfScoreZ = 6.0
        /// Steepness k of the logistic map (1.5).
        public var steepness = 1.5
        /// Returns enter the variance clipped to this many σ (4).
        public var winsorizeAt = 4.0
        /// A gap longer than this marks the observation stale (60 s).
        public var staleAfterNanos: Int64 = 60_000_000_000
        /// Creates settings with the defaults.
        public init() {}
    }

    /// The settings.
    public let configuration: Configuration
    private var variance: Double?
    private var returnCount = 0
    private var logVolumes: [Double] = []
    private var spreads: [Double] = []
    private var lastEventTime: Int64?

    /// A detector with the given settings.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Scores an observation against the state before it, then folds it in.
    public mutating func score(_ observation: AnomalyObservation) -> AnomalyScore {
        let config = configuration
        var returnZ: Double?, volumeZ: Double?, spreadZ: Double?
        if let r = observation.logReturn, r.isFinite {
            if let variance, returnCount >= config.warmUp, variance > 0 { returnZ = r / variance.squareRoot() }
            let sigma = variance?.squareRoot() ?? abs(r)
            let clipped = returnCount >= config.warmUp ? min(max(r, -config.winsorizeAt * sigma), config.winsorizeAt * sigma) : r
            variance = variance.map { config.lambda * $0 + (1 - config.lambda) * clipped * clipped } ?? r * r
            returnCount += 1
        }
        if let volume = observation.volume, volume > 0, volume.isFinite {
            let value = Foundation.log(volume)
            volumeZ = Self.robustZ(value, baseline: logVolumes, warmUp: config.warmUp)
            Self.push(value, into: &logVolumes, window: config.window)
        }
        var crossed = false
        if let bid = observation.bid, let ask = observation.ask, bid.isFinite, ask.isFinite, bid > 0, ask > 0 {
            crossed = bid > ask
            if !crossed {
                let relative = (ask - bid) / ((ask + bid) / 2)
                spreadZ = Self.robustZ(relative, baseline: spreads, warmUp: config.warmUp)
                Self.push(relative, into: &spreads, window: config.window)
            }
        }
        let stale = lastEventTime.map { observation.eventTimeNanos - $0 > config.staleAfterNanos } ?? false
        lastEventTime = max(lastEventTime ?? observation.eventTimeNanos, observation.eventTimeNanos)
        let components = AnomalyScore.Components(
            returnScore: component(returnZ.map { abs($0) }), volumeScore: component(volumeZ.map { abs($0) }),
            spreadScore: component(spreadZ.map { max($0, 0) }), crossedScore: crossed ? 1 : 0, staleScore: stale ? 1 : 0)
        let parts = [components.returnScore, components.volumeScore, components.spreadScore, components.crossedScore, components.staleScore]
        let combined = 1 - parts.reduce(1) { $0 * (1 - $1) }
        return AnomalyScore(
            returnZ: returnZ, volumeZ: volumeZ, spreadZ: spreadZ, crossed: crossed, stale: stale, components: components,
            score: min(max(combined, 0), 1))
    }

    private func component(_ z: Double?) -> Double {
        guard let z else { return 0 }
        return 1 / (1 + Foundation.exp(-configuration.steepness * (z - configuration.halfScoreZ)))
    }

    /// `(x − median) / (1.4826 · MAD)` over the baseline (MAD floored at 1e-12 of the median's scale).
    static func robustZ(_ x: Double, baseline: [Double], warmUp: Int) -> Double? {
        guard baseline.count >= max(warmUp, 1) else { return nil }
        let sorted = baseline.sorted()
        let median = EmpiricalQuantile.ofSorted(sorted, 0.5)
        let deviations = sorted.map { abs($0 - median) }.sorted()
        let mad = 1.4826 * EmpiricalQuantile.ofSorted(deviations, 0.5)
        let scale = max(mad, 1e-12 * max(abs(median), 1))
        return (x - median) / scale
    }

    private static func push(_ value: Double, into window: inout [Double], window size: Int) {
        if window.count == size { window.removeFirst() }
        window.append(value)
    }
}
