import Connectors
import Foundation
import Model
import TickFlowTestSupport

/// Shared fixtures: the default instrument master, a fixed ingest clock, and helpers to run feeds.
enum Fixtures {
    static let ingestTime: Int64 = 1_800_000_000_000_000_000
    static let clock: @Sendable () -> Int64 = { ingestTime }
    static let master = try! InstrumentMaster.load(csvAt: Repository.path("config/instruments.csv"), loadedAt: 1)
    static let scorer = try! SentimentScorer.load(path: Repository.path("config/sentiment-lexicon.txt"))

    static func sample(_ name: String) -> String { Repository.path("samples/\(name)") }

    /// Every item of a feed, in order.
    static func drain<Feed: FeedSource>(_ feed: Feed, batch: Int = 3) async throws -> [FeedItem] {
        var feed = feed
        var items: [FeedItem] = []
        while let next = try await feed.next(maxItems: batch) { items += next }
        return items
    }

    static func events(_ items: [FeedItem]) -> [IngestEvent] {
        items.compactMap { if case .event(let event) = $0 { event } else { nil } }
    }

    static func rejects(_ items: [FeedItem]) -> [FeedReject] {
        items.compactMap { if case .reject(let reject) = $0 { reject } else { nil } }
    }

    static func trades(_ items: [FeedItem]) -> [Trade] {
        events(items).compactMap { if case .market(.trade(let trade), _) = $0.base { trade } else { nil } }
    }

    static func quotes(_ items: [FeedItem]) -> [Quote] {
        events(items).compactMap { if case .market(.quote(let quote), _) = $0.base { quote } else { nil } }
    }

    /// A temporary file with these bytes; removed by the caller.
    static func temporaryFile(_ bytes: [UInt8], suffix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-\(UUID().uuidString)\(suffix)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func csvFeed(_ path: String, mapping: ColumnMapping = ColumnMapping(), name: String? = nil) throws
        -> LineFileFeed<CSVMarketParser>
    {
        try LineFileFeed(
            path: path, parser: CSVMarketParser(mapping: mapping, master: master, sourceName: name ?? path), name: name,
            clock: clock)
    }
}
