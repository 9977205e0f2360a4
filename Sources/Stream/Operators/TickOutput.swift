import Model

/// What the tick processor emits: an enriched tick, a bar or a top of book, with the flags found on the way.
///
/// Headers: `tickflow-flags` (see ``TickFlags``) when any flag is set, `tickflow-spike-score` (|return| / σ,
/// decimal text) on spikes, `tickflow-session-vwap` (decimal text) on bars.
public struct TickOutput: TopicRoutedValue, Hashable {
    /// The value and its kind.
    public enum Value: Sendable, Hashable {
        /// To `market-data.enriched`.
        case enriched(EnrichedTick)
        /// To `bars.<interval>`.
        case bar(Bar)
        /// To `market-data.top-of-book`.
        case topOfBook(TopOfBook)
    }

    /// The topic of top-of-book updates.
    public static let topOfBookTopic = "market-data.top-of-book"

    /// The value.
    public var value: Value
    /// Flags found on the tick (or, for a bar, `interpolated` when gap-filled).
    public var flags: TickFlags
    /// |return| / σ of the tick's price move, when it was scored as a spike.
    public var spikeScore: Double?
    /// For bars: the session VWAP of the instrument up to the bar's window end.
    public var sessionVWAP: Double?

    /// Creates an output.
    public init(_ value: Value, flags: TickFlags = [], spikeScore: Double? = nil, sessionVWAP: Double? = nil) {
        self.value = value
        self.flags = flags
        self.spikeScore = spikeScore
        self.sessionVWAP = sessionVWAP
    }

    /// `market-data.enriched`, `bars.<interval>` or `market-data.top-of-book`.
    public var topic: String {
        switch value {
        case .enriched: TickInput.enrichedTopic
        case .bar(let bar): bar.interval.topic
        case .topOfBook: Self.topOfBookTopic
        }
    }

    /// Flags, spike score and session VWAP as headers.
    public var headers: [RecordHeader] {
        var headers: [RecordHeader] = []
        if !flags.isEmpty { headers.append(RecordHeader(name: "tickflow-flags", text: flags.names)) }
        if let spikeScore { headers.append(RecordHeader(name: "tickflow-spike-score", text: String(spikeScore))) }
        if let sessionVWAP { headers.append(RecordHeader(name: "tickflow-session-vwap", text: String(sessionVWAP))) }
        return headers
    }

    /// The Protobuf bytes of the value.
    ///
    /// - Throws: ``StreamError`` `.internal` if the value cannot be serialized.
    public func encoded() throws -> [UInt8] {
        do {
            switch value {
            case .enriched(let tick): return tick.serializedBytes()
            case .bar(let bar): return try bar.serializedBytes()
            case .topOfBook(let book): return book.serializedBytes()
            }
        } catch {
            throw StreamError(.internal, "cannot encode a value for \(topic): \(error)", underlying: error)
        }
    }
}
