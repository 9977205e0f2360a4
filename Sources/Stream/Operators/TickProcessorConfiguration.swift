import Model

/// How a ``TickProcessor`` validates, enriches and aggregates. Every default is documented on its property.
public struct TickProcessorConfiguration: Sendable {
    /// The stages to run; default all three.
    public var stages: StageSet = .all
    /// The ISO 4217 currency notionals and base prices are converted to; default `USD`.
    public var baseCurrency: String = "USD"
    /// The bar intervals built; default 1s, 1m, 5m, 1h, 1d.
    public var intervals: [BarInterval] = BarInterval.allCases
    /// Allowed lateness, ns; default 2 s. The watermark of a source partition is its maximum event time minus this;
    /// a bar is emitted when the watermark passes its window end. A trade behind the watermark by at most this
    /// much still updates its bar (re-emitted with revision + 1); an older one goes to `dlq.late`.
    public var latenessNanos: Int64 = 2 * Timestamp.nanosPerSecond
    /// How long a non-base-currency tick may wait for its FX rate, ns of its partition's event time; default 2 s.
    public var fxMaxWaitNanos: Int64 = 2 * Timestamp.nanosPerSecond
    /// How much FX history is kept behind the latest observation of a pair, ns; default 1 h (the latest
    /// observation older than that is always kept).
    public var fxRetentionNanos: Int64 = Timestamp.nanosPerHour
    /// Validation thresholds.
    public var validation = ValidationConfiguration()
    /// Whether empty windows between two trades of an instrument get flat, zero-volume bars carrying the last
    /// close forward (flag `interpolated`); default true.
    public var fillGaps: Bool = true
    /// A gap of more windows than this (a session break, overnight) is not filled; default 60.
    public var maxGapFillWindows: Int = 60
    /// Length of the session the session VWAP accumulates over, ns; default one UTC day.
    public var sessionLengthNanos: Int64 = Timestamp.nanosPerDay
    /// Offset of session starts from the epoch, ns (e.g. 13:30 UTC for a US cash session); default 0.
    public var sessionOffsetNanos: Int64 = 0
    /// Whether enriched ticks are emitted; default true. A consumer of bars and tops of book alone (a backtest)
    /// turns it off: ticks are still validated, converted and aggregated, but not copied into an output record.
    public var emitsEnrichedTicks: Bool = true

    /// The defaults.
    public init() {}

    /// The defaults with another stage selection.
    public init(stages: StageSet) {
        self.stages = stages
    }

    /// Checks the configuration; ``TickProcessor/init(configuration:instruments:metrics:)`` does not.
    ///
    /// - Throws: ``StreamError`` `.configuration` naming the invalid setting.
    public func validate() throws {
        guard Money.isCurrencyCode(baseCurrency) else {
            throw StreamError(.configuration, "base currency must be an ISO 4217 code, got \"\(baseCurrency)\"")
        }
        guard !intervals.isEmpty || !stages.contains(.aggregate) else {
            throw StreamError(.configuration, "the aggregate stage needs at least one bar interval")
        }
        guard emitsEnrichedTicks || stages.contains(.aggregate) else {
            throw StreamError(.configuration, "without enriched ticks the aggregate stage is needed, or nothing is emitted")
        }
        guard latenessNanos >= 0, fxMaxWaitNanos >= 0, fxRetentionNanos >= 0, sessionLengthNanos > 0, maxGapFillWindows >= 0 else {
            throw StreamError(.configuration, "lateness, FX wait, FX retention and gap fill must be >= 0 and the session length > 0")
        }
    }
}

/// Thresholds of the validate stage.
public struct ValidationConfiguration: Sendable {
    /// How far an event time may be ahead of the event's own ingest time, ns; default 5 s (`FUTURE_TIMESTAMP`).
    public var maxFutureSkewNanos: Int64 = 5 * Timestamp.nanosPerSecond
    /// How far an event time may be behind its ingest time, ns; default 7 days (`STALE_TIMESTAMP`); `nil` accepts
    /// any age (replays of history).
    public var maxAgeNanos: Int64? = 7 * Timestamp.nanosPerDay
    /// How many recent trade ids / sequence numbers per instrument are remembered for duplicate detection; default 4096.
    public var duplicateMemory: Int = 4096
    /// A feed is stale after this many times its usual (smoothed) inter-arrival interval without a tick; default 20.
    public var staleFactor: Double = 20
    /// ...and never before this much event time without a tick, ns; default 1 s.
    public var staleMinimumNanos: Int64 = Timestamp.nanosPerSecond
    /// A return beyond this many σ of the recent returns is a spike; default 8.
    public var spikeSigmas: Double = 8
    /// Returns needed before spikes are scored; default 30.
    public var spikeWarmup: Int = 30
    /// Decay of the exponentially weighted return variance (per tick); default 0.97.
    public var spikeDecay: Double = 0.97

    /// The defaults.
    public init() {}
}
