/// A feed: produces normalised events and rejects in batches. Files, FIX sessions and the simulator are feeds.
public protocol FeedSource {
    /// The feed's name, used as the dead letters' source (e.g. the file path).
    var name: String { get }

    /// The next items, at most `maxItems`; `nil` at the end of the feed.
    ///
    /// - Throws: ``ConnectorError`` when the feed itself fails (unreadable file, broken connection); bad records
    ///   are returned as ``FeedItem/reject(_:)`` instead.
    mutating func next(maxItems: Int) async throws -> [FeedItem]?
}

/// Parses one line of a line-oriented feed file (CSV, JSON Lines).
public protocol LineParser {
    /// The item of one line, or `nil` for lines that carry none (a header, a blank line).
    ///
    /// - Parameters:
    ///   - line: the line.
    ///   - source: the feed name, for reject positions.
    ///   - ingestTime: when the line was read, ns since the epoch.
    mutating func parse(_ line: FeedLine, source: String, ingestTime: Int64) -> FeedItem?
}

/// A line-oriented file (plain or gzip) read through a ``LineParser``.
public struct LineFileFeed<Parser: LineParser>: FeedSource {
    public let name: String
    private let reader: LineReader
    private var parser: Parser
    private let clock: @Sendable () -> Int64

    /// Opens a file.
    ///
    /// - Parameters:
    ///   - path: the file (gzip is detected from its content).
    ///   - parser: parses each line.
    ///   - name: the feed name in dead letters; by default the path.
    ///   - clock: ingest-time clock, ns since the epoch.
    /// - Throws: ``ConnectorError`` `.io` when the file cannot be opened.
    public init(path: String, parser: Parser, name: String? = nil, clock: @escaping @Sendable () -> Int64) throws {
        self.reader = try LineReader(path: path)
        self.parser = parser
        self.name = name ?? path
        self.clock = clock
    }

    public mutating func next(maxItems: Int) async throws -> [FeedItem]? {
        var items: [FeedItem] = []
        items.reserveCapacity(maxItems)
        let now = clock()
        while items.count < maxItems, let line = try reader.nextLine() {
            if let item = parser.parse(line, source: name, ingestTime: now) { items.append(item) }
        }
        return items.isEmpty ? nil : items
    }
}
