import Model

/// The FX side input: a versioned history per pair, and conversion of any currency to the base currency at an
/// event time — via the direct pair, its inverse, or triangulation through USD (each leg direct or inverse).
struct FXRates: Sendable {
    /// One conversion step: a pair's history, inverted when the pair is quoted the other way round.
    struct Leg: Sendable, Hashable {
        var history: Int
        var inverted: Bool
    }

    /// How one currency converts to the base: one or two legs.
    struct Route: Sendable, Hashable {
        var first: Leg
        var second: Leg?
    }

    /// The outcome of converting at an event time.
    enum Conversion: Equatable {
        /// Base-currency units per unit of the currency; `interpolated` when not the rate observed in force.
        case rate(Double, interpolated: Bool)
        /// Some leg's data has not reached the event time yet.
        case pending
        /// No rate at all for some leg.
        case missing
    }

    let base: String
    let retention: Int64
    private var indexByPair: [String: Int] = [:]
    private(set) var pairs: [String] = []
    private(set) var histories: [FXHistory] = []
    /// Bumped whenever a new pair appears, so cached routes are recomputed.
    private(set) var version = 0

    init(base: String, retention: Int64) {
        self.base = base
        self.retention = retention
    }

    /// Applies an observation; idempotent.
    mutating func apply(_ rate: FXRate) {
        let pair = rate.pair
        let index: Int
        if let known = indexByPair[pair] {
            index = known
        } else {
            index = histories.count
            indexByPair[pair] = index
            pairs.append(pair)
            histories.append(FXHistory())
            version += 1
        }
        histories[index].insert(time: rate.eventTimeNanos, rate: rate.rate)
        histories[index].prune(retention: retention)
    }

    /// The route from `currency` to the base, or `nil` while no pair connects them.
    func route(from currency: String) -> Route? {
        if let direct = leg(currency, base) { return Route(first: direct, second: nil) }
        guard currency != "USD", base != "USD", let toUSD = leg(currency, "USD"), let fromUSD = leg("USD", base) else { return nil }
        return Route(first: toUSD, second: fromUSD)
    }

    private func leg(_ from: String, _ to: String) -> Leg? {
        if let index = indexByPair[from + to] { return Leg(history: index, inverted: false) }
        if let index = indexByPair[to + from] { return Leg(history: index, inverted: true) }
        return nil
    }

    /// Converts at event time `time`. Unless `final`, a leg whose latest observation is before `time` makes the
    /// conversion ``Conversion/pending``. Otherwise each leg uses its latest rate at or before `time` (interpolated
    /// when that leg has not reached `time`), or failing that its earliest later one (interpolated).
    func convert(_ route: Route?, at time: Int64, final: Bool) -> Conversion {
        guard let route else { return final ? .missing : .pending }
        var interpolated = false
        let first = rate(of: route.first, at: time, final: final, interpolated: &interpolated)
        guard case .rate(var product, _) = first else { return first }
        if let second = route.second {
            let next = rate(of: second, at: time, final: final, interpolated: &interpolated)
            guard case .rate(let rate, _) = next else { return next }
            product *= rate
        }
        return .rate(product, interpolated: interpolated)
    }

    private func rate(of leg: Leg, at time: Int64, final: Bool, interpolated: inout Bool) -> Conversion {
        let history = histories[leg.history]
        let reached = history.latestTime >= time
        if !reached && !final { return .pending }
        var rate = history.rate(atOrBefore: time)
        if !reached || rate == nil { interpolated = true }
        if rate == nil { rate = history.rate(after: time) }
        guard let rate else { return .missing }
        return .rate(leg.inverted ? 1 / rate : rate, interpolated: interpolated)
    }

    func write(to writer: inout ByteWriter) {
        writer.write(UInt32(pairs.count))
        for (pair, history) in zip(pairs, histories) {
            writer.writeString(pair)
            history.write(to: &writer)
        }
    }

    mutating func read(from reader: inout ByteReader) throws {
        self = FXRates(base: base, retention: retention)
        for _ in 0..<(try reader.read(UInt32.self)) {
            let pair = try reader.readString()
            indexByPair[pair] = histories.count
            pairs.append(pair)
            histories.append(try FXHistory(from: &reader))
        }
        version = pairs.count
    }
}
