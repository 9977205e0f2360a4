import Model
import Stream

/// The feeds `tickflow ingest --source` knows, and how to open one.
public enum FeedKind: String, Sendable, CaseIterable {
    /// The market simulator.
    case sim
    /// Market data CSV (plain or gzip) with a column mapping.
    case csv
    /// Market data JSON Lines (plain or gzip) with a column mapping.
    case jsonl
    /// FIX 4.4 from a file, or TCP with `fixConnect` / `fixListen`.
    case fix
    /// News from JSON Lines, or RSS 2.0 when the file ends in `.rss` or `.xml`.
    case news
    /// Client flows from CSV, or JSON Lines when the file ends in `.jsonl` or `.json`.
    case flows
}

/// Everything needed to open a feed.
public struct FeedSettings: Sendable {
    /// Which feed.
    public var kind: FeedKind
    /// The input file (all but `sim` and FIX over TCP).
    public var file: String?
    /// The column mapping of `csv` / `jsonl`.
    public var mapping = ColumnMapping()
    /// The simulator's settings.
    public var simulator = SimulatorConfiguration()
    /// FIX over TCP: connect to `host:port`.
    public var fixConnect: String?
    /// FIX over TCP: listen on this port.
    public var fixListen: UInt16?

    /// Creates settings.
    public init(kind: FeedKind, file: String? = nil) {
        self.kind = kind
        self.file = file
    }

    /// Opens the feed.
    ///
    /// - Parameters:
    ///   - master: the instrument master.
    ///   - scorer: the news sentiment scorer.
    ///   - clock: ingest-time clock.
    /// - Throws: ``ConnectorError`` `.configuration` for missing settings, `.io` when the input cannot be opened.
    public func open(master: InstrumentMaster, scorer: SentimentScorer, clock: @escaping @Sendable () -> Int64 = WallClock.nowNanos)
        throws -> any FeedSource
    {
        func file() throws -> String {
            guard let path = self.file else { throw ConnectorError(.configuration, "--source \(kind.rawValue) needs --file") }
            return path
        }
        let lowered = (self.file ?? "").lowercased().replacingOccurrences(of: ".gz", with: "")
        switch kind {
        case .sim:
            return MarketSimulator(master: master, configuration: simulator, scorer: scorer, clock: clock)
        case .csv:
            let path = try file()
            return try LineFileFeed(path: path, parser: CSVMarketParser(mapping: mapping, master: master, sourceName: path), clock: clock)
        case .jsonl:
            let path = try file()
            return try LineFileFeed(path: path, parser: JSONLMarketParser(mapping: mapping, master: master, sourceName: path), clock: clock)
        case .fix:
            if let target = fixConnect {
                let parts = target.split(separator: ":")
                guard parts.count == 2, let port = UInt16(parts[1]) else {
                    throw ConnectorError(.configuration, "--fix-connect wants host:port, got \(target)")
                }
                return try FIXTCPFeed(
                    connection: FIXConnection(connectTo: String(parts[0]), port: port), master: master, initiator: true, clock: clock)
            }
            if let port = fixListen {
                return try FIXTCPFeed(connection: FIXConnection(listenOn: "0.0.0.0", port: port), master: master, initiator: false, clock: clock)
            }
            return try FIXFileFeed(path: try file(), master: master, clock: clock)
        case .news:
            let path = try file()
            let normalizer = NewsNormalizer(master: master, scorer: scorer)
            if lowered.hasSuffix(".rss") || lowered.hasSuffix(".xml") {
                return try RSSNewsFeed(path: path, normalizer: normalizer, clock: clock)
            }
            return try LineFileFeed(
                path: path, parser: NewsJSONLParser(normalizer: normalizer, timeZone: mapping.timeZone), clock: clock)
        case .flows:
            let path = try file()
            let format: ClientFlowParser.Format = lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".json") ? .jsonl : .csv
            return try LineFileFeed(
                path: path, parser: ClientFlowParser(format: format, timestampFormat: mapping.timestampFormat, timeZone: mapping.timeZone),
                clock: clock)
        }
    }
}
