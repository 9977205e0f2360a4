import Model

/// The validate stage: refuses malformed ticks with a reason code and flags suspicious ones.
///
/// Refused (to `dlq.stream`): `MISSING_FIELD` (instrument id, symbol, currency, times), `INVALID_PRICE` (trade
/// price or either quote side not finite and > 0), `INVALID_SIZE` (not finite and >= 0), `FUTURE_TIMESTAMP`
/// (event time ahead of the tick's own ingest time by more than the skew), `STALE_TIMESTAMP` (behind it by more
/// than the horizon) and `DUPLICATE` (a trade id, or a sequence number, already seen for the instrument among
/// the last ``ValidationConfiguration/duplicateMemory``).
///
/// Flagged and kept: crossed and locked quotes, out-of-order ticks (older than the newest of the instrument),
/// price spikes (|simple return| > k·σ of an exponentially weighted return variance; spikes enter the variance
/// winsorised at k·σ), and the first tick after a stale episode. A feed is stale when its partition's event time
/// runs more than max(N × its smoothed inter-arrival interval, a minimum) past its last tick; that is detected as
/// the partition's clock advances, counted once per episode (`STALE_FEED`), and the episode ends with the
/// instrument's next tick.
struct TickValidator: Sendable {
    /// What the validator says about one tick.
    enum Verdict {
        case accept(TickFlags, spikeScore: Double?)
        case reject(code: String, reason: String)
    }

    struct Health: Sendable {
        var lastEventTime: Int64 = .min
        var lastPrice: Double = 0
        var returns: Int = 0
        var variance: Double = 0
        var meanInterval: Double = 0
        var intervals: Int = 0
        var stale = false
        var partition: Int = -1
        var duplicates = DuplicateFilter()
    }

    let configuration: ValidationConfiguration
    private(set) var health: [Health] = []
    /// Instruments by the partition they were last seen on, for stale scans.
    private var members: [[Int]] = []
    private var nextStaleScan: [Int64] = []

    init(configuration: ValidationConfiguration) {
        self.configuration = configuration
    }

    /// Checks one tick of instrument `instrument` read from `partition`.
    mutating func check<Tick: MarketTick>(_ tick: Tick, instrument: Int, partition: Int) -> Verdict {
        while health.count <= instrument { health.append(Health()) }
        if let refusal = refusal(of: tick) { return refusal }
        if let identity = tick.duplicateIdentity,
            !health[instrument].duplicates.insert(identity, capacity: configuration.duplicateMemory)
        {
            return .reject(code: "DUPLICATE", reason: "\(tick.summary) was already seen for \(tick.instrumentId)")
        }
        var flags = tick.bookFlags
        track(instrument, partition: partition)
        let time = tick.eventTimeNanos
        var score: Double?
        if time < health[instrument].lastEventTime {
            flags.insert(.outOfOrder)
        } else {
            if health[instrument].stale {
                health[instrument].stale = false
                flags.insert(.staleResumed)
            }
            if health[instrument].lastEventTime != .min {
                let gap = Double(time - health[instrument].lastEventTime)
                health[instrument].meanInterval = health[instrument].intervals == 0 ? gap : 0.9 * health[instrument].meanInterval + 0.1 * gap
                health[instrument].intervals += 1
            }
            health[instrument].lastEventTime = time
            if !flags.contains(.crossed) { score = spikeScore(instrument, price: tick.referencePrice) }
        }
        if let score, score > configuration.spikeSigmas {
            flags.insert(.spike)
            return .accept(flags, spikeScore: score)
        }
        return .accept(flags, spikeScore: nil)
    }

    private func refusal<Tick: MarketTick>(of tick: Tick) -> Verdict? {
        let (time, ingest) = (tick.eventTimeNanos, tick.ingestTimeNanos)
        guard !tick.instrumentId.isEmpty, !tick.symbol.isEmpty, Money.isCurrencyCode(tick.currency), time > 0, ingest > 0 else {
            return .reject(
                code: "MISSING_FIELD",
                reason: "\(tick.summary) needs an instrument id, a symbol, an ISO 4217 currency and event and ingest times, got id \"\(tick.instrumentId)\", symbol \"\(tick.symbol)\", currency \"\(tick.currency)\", times \(time)/\(ingest)")
        }
        if let (code, detail) = tick.invalidValues { return .reject(code: code, reason: "\(tick.summary) has \(detail)") }
        if time > ingest &+ configuration.maxFutureSkewNanos {
            return .reject(
                code: "FUTURE_TIMESTAMP",
                reason: "\(tick.summary) event time \(Timestamp.iso8601(time)) is more than \(configuration.maxFutureSkewNanos) ns after its ingest time \(Timestamp.iso8601(ingest))")
        }
        if let horizon = configuration.maxAgeNanos, time < ingest &- horizon {
            return .reject(
                code: "STALE_TIMESTAMP",
                reason: "\(tick.summary) event time \(Timestamp.iso8601(time)) is more than \(horizon) ns before its ingest time \(Timestamp.iso8601(ingest))")
        }
        return nil
    }

    /// The spike score of a move to `price` (nil while warming up), updating the return variance.
    private mutating func spikeScore(_ instrument: Int, price: Double) -> Double? {
        let last = health[instrument].lastPrice
        health[instrument].lastPrice = price
        guard last > 0 else { return nil }
        let change = price / last - 1
        let variance = health[instrument].variance
        let warm = health[instrument].returns >= configuration.spikeWarmup && variance > 0
        let score = warm ? abs(change) / variance.squareRoot() : nil
        let k2 = configuration.spikeSigmas * configuration.spikeSigmas
        let squared = warm ? min(change * change, k2 * variance) : change * change
        let decay = configuration.spikeDecay
        health[instrument].variance = health[instrument].returns == 0 ? squared : decay * variance + (1 - decay) * squared
        health[instrument].returns += 1
        return score
    }

    private mutating func track(_ instrument: Int, partition: Int) {
        guard health[instrument].partition != partition else { return }
        health[instrument].partition = partition
        while members.count <= partition {
            members.append([])
            nextStaleScan.append(.min)
        }
        members[partition].append(instrument)
    }

    /// Marks the instruments of `partition` whose feed went stale by event time `now`; returns how many
    /// episodes began. Scans at most every half minimum stale gap of event time.
    mutating func detectStale(partition: Int, now: Int64) -> Int {
        guard partition < members.count, now >= nextStaleScan[partition] else { return 0 }
        nextStaleScan[partition] = now &+ max(1, configuration.staleMinimumNanos / 2)
        var began = 0
        var kept: [Int] = []
        kept.reserveCapacity(members[partition].count)
        for instrument in members[partition] where health[instrument].partition == partition {
            kept.append(instrument)
            let state = health[instrument]
            guard !state.stale, state.intervals >= 3 else { continue }
            let limit = max(Double(configuration.staleMinimumNanos), configuration.staleFactor * state.meanInterval)
            if Double(now - state.lastEventTime) > limit {
                health[instrument].stale = true
                began += 1
            }
        }
        members[partition] = kept
        return began
    }

    /// Whether the instrument is in a stale episode.
    func isStale(_ instrument: Int) -> Bool { instrument < health.count && health[instrument].stale }
}

extension TickValidator {
    func write(to writer: inout ByteWriter) {
        writer.write(UInt32(health.count))
        for state in health {
            writer.write(state.lastEventTime)
            writer.write(state.lastPrice)
            writer.write(UInt64(state.returns))
            writer.write(state.variance)
            writer.write(state.meanInterval)
            writer.write(UInt64(state.intervals))
            writer.write(UInt8(state.stale ? 1 : 0))
            writer.write(Int64(state.partition))
            state.duplicates.write(to: &writer)
        }
        writer.write(UInt32(members.count))
        for (list, scan) in zip(members, nextStaleScan) {
            writer.write(scan)
            writer.write(UInt32(list.count))
            for instrument in list { writer.write(UInt32(instrument)) }
        }
    }

    mutating func read(from reader: inout ByteReader) throws {
        health = []
        for _ in 0..<(try reader.read(UInt32.self)) {
            var state = Health()
            state.lastEventTime = try reader.readInt64()
            state.lastPrice = try reader.readDouble()
            state.returns = Int(try reader.read(UInt64.self))
            state.variance = try reader.readDouble()
            state.meanInterval = try reader.readDouble()
            state.intervals = Int(try reader.read(UInt64.self))
            state.stale = try reader.read(UInt8.self) != 0
            state.partition = Int(try reader.readInt64())
            state.duplicates = try DuplicateFilter(from: &reader)
            health.append(state)
        }
        members = []
        nextStaleScan = []
        for _ in 0..<(try reader.read(UInt32.self)) {
            nextStaleScan.append(try reader.readInt64())
            var list: [Int] = []
            for _ in 0..<(try reader.read(UInt32.self)) { list.append(Int(try reader.read(UInt32.self))) }
            members.append(list)
        }
    }
}
