import Model

/// The market views in Redis (``MarketViewStore``), written in pipelines through a ``RedisConnectionPool``.
///
/// Layout under ``prefix`` (default `tf`), values are the Protobuf encoding of the Model type behind an ASCII
/// ordering header, so that a server-side script can keep the newest without decoding:
/// - `tf:quote`, `tf:tob`, `tf:instrument`: hashes, field = instrument id, value = 20-digit event time + message;
/// - `tf:risk:<portfolio>`: hash, field = ``Model/RiskMetric/viewIdentity``, value = 20-digit event time + message;
/// - `tf:bars:<interval>:<instrument>`: sorted set scored by window start in milliseconds, member = 10-digit
///   revision + message, trimmed to ``MarketViewLimits/barsPerSeries``;
/// - `tf:anomalies`, `tf:anomalies:<instrument>`: lists, newest first, trimmed to their limits.
public final class RedisMarketViewStore: MarketViewStore {
    /// The connections it uses.
    public let pool: RedisConnectionPool
    /// What the views keep.
    public let limits: MarketViewLimits
    /// The key prefix.
    public let prefix: String

    /// Creates the views over a pool.
    public init(pool: RedisConnectionPool, limits: MarketViewLimits = MarketViewLimits(), prefix: String = "tf") {
        self.pool = pool
        self.limits = limits
        self.prefix = prefix
    }

    public func apply(_ updates: [MarketViewUpdate]) async throws(ServingError) {
        guard !updates.isEmpty else { return }
        var commands: [[[UInt8]]] = []
        commands.reserveCapacity(updates.count * 2)
        for update in updates {
            switch update {
            case .quote(let quote):
                commands.append(Self.newest(key("quote"), quote.instrumentId, quote.eventTimeNanos, try Self.encode(quote)))
            case .topOfBook(let book):
                commands.append(Self.newest(key("tob"), book.instrumentId, book.eventTimeNanos, try Self.encode(book)))
            case .instrument(let instrument):
                commands.append(Self.newest(key("instrument"), instrument.id, instrument.eventTimeNanos, try Self.encode(instrument)))
            case .risk(let metric):
                commands.append(Self.newest(key("risk:\(metric.portfolioId)"), metric.viewIdentity, metric.eventTimeNanos, try Self.encode(metric)))
            case .bar(let bar):
                let member = Self.padded(UInt64(bar.revision), 10) + (try Self.encode(bar))
                commands.append(
                    Self.arguments("EVAL", Self.barScript, "1", seriesKey(bar.instrumentId, bar.interval), String(Self.milliseconds(bar.windowStartNanos)))
                        + [member, Array(String(limits.barsPerSeries).utf8)])
            case .anomaly(let anomaly):
                let bytes = try Self.encode(anomaly)
                for (list, cap) in [(key("anomalies"), limits.anomalies), (key("anomalies:\(anomaly.instrumentId)"), limits.anomaliesPerInstrument)] {
                    commands.append(Self.arguments("LPUSH", list) + [bytes])
                    commands.append(Self.arguments("LTRIM", list, "0", String(max(0, cap - 1))))
                }
            }
        }
        let replies = try await pool.pipeline(commands)
        if let failure = replies.first(where: { if case .error = $0 { true } else { false } }), case .error(let message) = failure {
            throw ServingError(.cacheCommand, "Redis refused a market-view write: \(message)")
        }
    }

    public func quotes(_ instrumentIds: [String]) async throws(ServingError) -> [Quote] {
        try await hashValues(key("quote"), instrumentIds, header: 20)
    }

    public func topsOfBook(_ instrumentIds: [String]) async throws(ServingError) -> [TopOfBook] {
        try await hashValues(key("tob"), instrumentIds, header: 20)
    }

    public func quotesAndTopsOfBook(_ instrumentIds: [String]) async throws(ServingError) -> (quotes: [Quote], topsOfBook: [TopOfBook]) {
        guard !instrumentIds.isEmpty else { return ([], []) }
        let fields = instrumentIds.map { Array($0.utf8) }
        let replies = try await pool.pipeline([
            Self.arguments("HMGET", key("quote")) + fields, Self.arguments("HMGET", key("tob")) + fields,
        ])
        return (try Self.decodeAll(try Self.checked(replies[0], "HMGET"), header: 20), try Self.decodeAll(try Self.checked(replies[1], "HMGET"), header: 20))
    }

    public func instruments(_ ids: [String]) async throws(ServingError) -> [Instrument] {
        try await hashValues(key("instrument"), ids, header: 20)
    }

    public func bars(_ instrumentId: String, interval: BarInterval, fromNanos: Int64, toNanos: Int64) async throws(ServingError) -> [Bar] {
        guard fromNanos < toNanos else { return [] }
        // Scores are milliseconds: fetch the covering range, then cut exactly on nanoseconds.
        let from = Self.milliseconds(fromNanos), to = Self.milliseconds(toNanos) + 1
        let reply = try await single(["ZRANGEBYSCORE", seriesKey(instrumentId, interval), String(from), "(\(to)"])
        let bars: [Bar] = try Self.decodeAll(reply, header: 10)
        return bars.filter { $0.windowStartNanos >= fromNanos && $0.windowStartNanos < toNanos }
    }

    public func oldestBarStart(_ instrumentId: String, interval: BarInterval) async throws(ServingError) -> Int64? {
        let reply = try await single(["ZRANGE", seriesKey(instrumentId, interval), "0", "0"])
        let bars: [Bar] = try Self.decodeAll(reply, header: 10)
        return bars.first?.windowStartNanos
    }

    public func riskMetrics(portfolioId: String) async throws(ServingError) -> [RiskMetric] {
        let reply = try await single(["HVALS", key("risk:\(portfolioId)")])
        let metrics: [RiskMetric] = try Self.decodeAll(reply, header: 20)
        return metrics.sorted(by: RiskMetric.viewOrder)
    }

    public func anomalies(instrumentId: String?, limit: Int) async throws(ServingError) -> [Anomaly] {
        guard limit > 0 else { return [] }
        let list = instrumentId.map { key("anomalies:\($0)") } ?? key("anomalies")
        return try Self.decodeAll(try await single(["LRANGE", list, "0", String(limit - 1)]), header: 0)
    }

    public func ping() async throws(ServingError) {
        _ = try await single(["PING"])
    }

    // MARK: - Keys and encoding

    private func key(_ name: String) -> String { "\(prefix):\(name)" }

    private func seriesKey(_ instrumentId: String, _ interval: BarInterval) -> String {
        key("bars:\(interval.rawValue):\(instrumentId)")
    }

    private func single(_ arguments: [String]) async throws(ServingError) -> RedisReply {
        try Self.checked(try await pool.pipeline([arguments.map { Array($0.utf8) }])[0], arguments[0])
    }

    /// The reply, unless Redis answered an error.
    private static func checked(_ reply: RedisReply, _ command: String) throws(ServingError) -> RedisReply {
        if case .error(let message) = reply { throw ServingError(.cacheCommand, "Redis \(command): \(message)") }
        return reply
    }

    private func hashValues<T: ProtobufRepresentable>(_ hash: String, _ fields: [String], header: Int) async throws(ServingError) -> [T] {
        guard !fields.isEmpty else { return [] }
        return try Self.decodeAll(try await single(["HMGET", hash] + fields), header: header)
    }

    private static func arguments(_ strings: String...) -> [[UInt8]] { strings.map { Array($0.utf8) } }

    private static func newest(_ hash: String, _ field: String, _ eventTime: Int64, _ message: [UInt8]) -> [[UInt8]] {
        arguments("EVAL", newestScript, "1", hash, field) + [sortable(eventTime) + message]
    }

    /// Event time as 20 decimal digits that sort like the signed value (offset by 2⁶³).
    static func sortable(_ nanos: Int64) -> [UInt8] { padded(UInt64(bitPattern: nanos) ^ (1 << 63), 20) }

    static func padded(_ value: UInt64, _ width: Int) -> [UInt8] {
        let digits = Array(String(value).utf8)
        return [UInt8](repeating: UInt8(ascii: "0"), count: max(0, width - digits.count)) + digits
    }

    /// Window starts are whole seconds, so milliseconds hold them exactly in a Redis score (a double).
    static func milliseconds(_ nanos: Int64) -> Int64 { nanos >= 0 ? nanos / 1_000_000 : (nanos - 999_999) / 1_000_000 }

    private static func encode(_ value: some ProtobufRepresentable) throws(ServingError) -> [UInt8] {
        do { return try value.serializedBytes() } catch {
            throw ServingError(.validation, "cannot encode \(type(of: value)) for the market views: \(error)")
        }
    }

    /// Decodes the message of every non-nil element (or of a single bulk string) after its `header` bytes.
    ///
    /// - Throws: ``ServingError`` (`cacheCommand`) when a value is not what this store writes.
    private static func decodeAll<T: ProtobufRepresentable>(_ reply: RedisReply, header: Int) throws(ServingError) -> [T] {
        let elements: [RedisReply]
        switch reply {
        case .array(let items): elements = items
        case .null: elements = []
        default: elements = [reply]
        }
        var values: [T] = []
        values.reserveCapacity(elements.count)
        for case .string(let bytes) in elements {
            guard bytes.count >= header else { throw ServingError(.cacheCommand, "a \(T.self) view value is shorter than its header") }
            do { values.append(try T(serializedBytes: Array(bytes[header...]))) } catch {
                throw ServingError(.cacheCommand, "a \(T.self) view value does not decode: \(error)")
            }
        }
        return values
    }

    /// Keeps the value with the newest ordering header (the first 20 bytes); ties take the later write.
    static let newestScript = """
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        if current and string.sub(current, 1, 20) > string.sub(ARGV[2], 1, 20) then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        return 1
        """

    /// Upserts a bar by window start unless a higher revision is held, then trims the series to ARGV[3].
    static let barScript = """
        for _, held in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])) do
          if string.sub(held, 1, 10) > string.sub(ARGV[2], 1, 10) then return 0 end
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
        local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
        if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1) end
        return 1
        """
}
