import Model

/// The enrich stage: converts a validated tick to the base currency with the FX rate in force at its event time
/// and joins the instrument's reference data.
///
/// FX temporal join, "when the rate arrives after the tick": a tick in another currency whose FX data has not
/// reached its event time t (the latest observation of some leg is before t) is held until an observation at or
/// after t arrives — then it is converted exactly with the latest rate at or before t (`fxInterpolated` false) —
/// or until its partition's event time reaches t + ``TickProcessorConfiguration/fxMaxWaitNanos`` or the input
/// ends — then it is converted with the latest rate at or before t, or the earliest later one, `fxInterpolated`
/// true; with no rate at all it is refused `FX_RATE_MISSING`. Base-currency ticks are never held. Ticks of an
/// instrument leave the hold in arrival order: a tick whose rate is known waits behind an earlier held one.
struct TickEnricher: Sendable {
    /// A tick waiting for its FX rate.
    struct Held: Sendable {
        var key: [UInt8]?
        var position: SourcePosition?
        var event: MarketEvent
        var instrument: Int
        var flags: TickFlags
        var spikeScore: Double?
    }

    /// What the enrich stage does with a tick now: convert it at `rate`, or it is held, or refused. (No tick in
    /// the payload: the caller builds the enriched tick in place, one copy fewer per tick.)
    enum Decision {
        case convert(rate: Double, interpolated: Bool)
        case held
        case rejected(code: String, reason: String)
    }

    let baseCurrency: String
    let maxWait: Int64
    private(set) var rates: FXRates
    private var routes: [(version: Int, currency: String, route: FXRates.Route?)] = []
    private(set) var held: [[Held]] = []
    private var deadlines: [Int64] = []
    private var heldCount: [Int] = []

    init(baseCurrency: String, maxWait: Int64, retention: Int64) {
        self.baseCurrency = baseCurrency
        self.maxWait = maxWait
        rates = FXRates(base: baseCurrency, retention: retention)
    }

    /// Decides whether a tick is converted now (and at which rate), or held.
    mutating func enrich<Tick: MarketTick>(
        _ tick: Tick, instrument: Int, flags: TickFlags, spikeScore: Double?, key: [UInt8]?, position: SourcePosition?,
        partition: Int
    ) -> Decision {
        let currency = tick.currency
        if currency == baseCurrency { return .convert(rate: 1, interpolated: false) }
        while heldCount.count <= instrument { heldCount.append(0) }
        let time = tick.eventTimeNanos
        if heldCount[instrument] == 0 {
            switch rates.convert(route(instrument, currency), at: time, final: false) {
            case .rate(let rate, let interpolated):
                return .convert(rate: rate, interpolated: interpolated)
            case .missing:
                return .rejected(code: "FX_RATE_MISSING", reason: missingReason(currency, tick.symbol, time))
            case .pending: break
            }
        }
        while held.count <= partition {
            held.append([])
            deadlines.append(.max)
        }
        held[partition].append(Held(key: key, position: position, event: (copy tick).intoEvent(), instrument: instrument, flags: flags, spikeScore: spikeScore))
        heldCount[instrument] += 1
        deadlines[partition] = min(deadlines[partition], time &+ maxWait)
        return .held
    }

    /// Applies an FX observation (idempotent).
    mutating func apply(_ rate: FXRate) {
        rates.apply(rate)
    }

    /// Whether `partition`'s clock at `now` makes some held tick due.
    func isDue(partition: Int, now: Int64) -> Bool {
        partition < deadlines.count && now >= deadlines[partition]
    }

    /// Releases the held ticks of `partition` that can go: their rate has reached their event time, their wait
    /// is over at partition time `now`, or `finishing`. Returns them in arrival order with their decision
    /// (`convert` or `rejected`).
    mutating func release(partition: Int, now: Int64, finishing: Bool) -> [(Held, Decision)] {
        guard partition < held.count, !held[partition].isEmpty else { return [] }
        var released: [(Held, Decision)] = []
        var kept: [Held] = []
        var blocked: [Int] = []
        var deadline = Int64.max
        // Popped, each tick moves out of the queue; iterating would copy it. Reversed through the buffer, whose
        // swaps move elements (`Array.reverse` copies them, retaining their strings).
        var queue: [Held] = []
        swap(&queue, &held[partition])
        queue.withUnsafeMutableBufferPointer { $0.reverse() }
        while let tick = queue.popLast() {
            let time = tick.event.eventTimeNanos, currency = tick.event.currency
            let conversion: FXRates.Conversion =
                blocked.contains(tick.instrument)
                ? .pending
                : rates.convert(route(tick.instrument, currency), at: time, final: finishing || now >= time &+ maxWait)
            switch conversion {
            case .pending:
                kept.append(tick)
                blocked.append(tick.instrument)
                deadline = min(deadline, time &+ maxWait)
                continue
            case .rate(let rate, let interpolated):
                released.append((tick, .convert(rate: rate, interpolated: interpolated)))
            case .missing:
                released.append((tick, .rejected(code: "FX_RATE_MISSING", reason: missingReason(currency, tick.event.symbol, time))))
            }
            heldCount[tick.instrument] -= 1
        }
        held[partition] = kept
        deadlines[partition] = deadline
        return released
    }

    /// The partitions with held ticks.
    var holdingPartitions: [Int] { held.indices.filter { !held[$0].isEmpty } }

    private mutating func route(_ instrument: Int, _ currency: String) -> FXRates.Route? {
        while routes.count <= instrument { routes.append((-1, "", nil)) }
        let cached = routes[instrument]
        if cached.version == rates.version, cached.currency == currency { return cached.route }
        let route = rates.route(from: currency)
        routes[instrument] = (rates.version, currency, route)
        return route
    }

    private func missingReason(_ currency: String, _ symbol: String, _ time: Int64) -> String {
        "no FX rate converts \(currency) to \(baseCurrency) for \(symbol) at \(Timestamp.iso8601(time))"
    }
}

extension TickEnricher {
    func write(to writer: inout ByteWriter) throws {
        rates.write(to: &writer)
        writer.write(UInt32(held.count))
        for (queue, deadline) in zip(held, deadlines) {
            writer.write(deadline)
            writer.write(UInt32(queue.count))
            for tick in queue {
                writer.write(UInt8(tick.key == nil ? 0 : 1))
                if let key = tick.key { writer.writeBytes(key) }
                writeOptional(tick.position, to: &writer)
                writer.writeBytes(tick.event.serializedBytes())
                writer.write(UInt32(tick.instrument))
                writer.write(tick.flags.rawValue)
                writer.write(UInt8(tick.spikeScore == nil ? 0 : 1))
                writer.write(tick.spikeScore ?? 0)
            }
        }
    }

    mutating func read(from reader: inout ByteReader) throws {
        self = TickEnricher(baseCurrency: baseCurrency, maxWait: maxWait, retention: rates.retention)
        try rates.read(from: &reader)
        for _ in 0..<(try reader.read(UInt32.self)) {
            deadlines.append(try reader.readInt64())
            var queue: [Held] = []
            for _ in 0..<(try reader.read(UInt32.self)) {
                let key = try reader.read(UInt8.self) == 0 ? nil : try reader.readBytes()
                let position = try readOptionalPosition(from: &reader)
                let event: MarketEvent
                do { event = try MarketEvent(serializedBytes: try reader.readBytes()) } catch {
                    throw StreamError(.checkpoint, "invalid held tick in the enrich state", underlying: error)
                }
                let instrument = Int(try reader.read(UInt32.self))
                let flags = TickFlags(rawValue: try reader.read(UInt16.self))
                let hasScore = try reader.read(UInt8.self) != 0
                let score = try reader.readDouble()
                queue.append(Held(key: key, position: position, event: event, instrument: instrument, flags: flags, spikeScore: hasScore ? score : nil))
                while heldCount.count <= instrument { heldCount.append(0) }
                heldCount[instrument] += 1
            }
            held.append(queue)
        }
    }
}

/// Writes an optional source position.
func writeOptional(_ position: SourcePosition?, to writer: inout ByteWriter) {
    writer.write(UInt8(position == nil ? 0 : 1))
    if let position {
        writer.writeString(position.topicPartition.topic)
        writer.write(position.topicPartition.partition)
        writer.write(position.offset)
    }
}

/// Reads what ``writeOptional(_:to:)`` wrote.
func readOptionalPosition(from reader: inout ByteReader) throws -> SourcePosition? {
    guard try reader.read(UInt8.self) != 0 else { return nil }
    let partition = TopicPartition(topic: try reader.readString(), partition: try reader.readInt32())
    return SourcePosition(partition, offset: try reader.readInt64())
}
