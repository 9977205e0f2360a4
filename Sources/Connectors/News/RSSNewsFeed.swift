import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Model

/// News from an RSS 2.0 file: each `<item>` becomes a story (`title`, `description`, `link`, `guid`, `pubDate` in
/// RFC 822, `category` elements as tickers). Positions are the item's line in the file; a rejected item's payload
/// is its title, pubDate and guid re-serialised (XMLParser does not hand out the raw bytes of an element).
public struct RSSNewsFeed: FeedSource {
    public let name: String
    private var pending: [FeedItem]

    /// Reads and parses a file (plain or gzip).
    ///
    /// A malformed document yields its items up to the error, then one `MALFORMED_RECORD` reject at the error's line.
    /// - Throws: ``ConnectorError`` `.io` when the file cannot be read.
    public init(path: String, normalizer: NewsNormalizer, name: String? = nil, clock: @Sendable () -> Int64) throws {
        self.name = name ?? path
        let input = try ByteInput(path: path)
        var bytes: [UInt8] = []
        while try input.read(appendingTo: &bytes) {}
        let collector = RSSCollector()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = collector
        let ok = parser.parse()
        let now = clock()
        let source = self.name
        var items: [FeedItem] = []
        for story in collector.stories {
            let position = FeedPosition(source: source, line: Int64(story.line))
            let payload = Array(story.raw.utf8)
            guard let time = RSSDate.parse(story.pubDate) else {
                items.append(.reject(FeedReject(
                    position: position, reason: .invalidTimestamp,
                    detail: "pubDate \"\(story.pubDate)\" is not an RFC 822 date", payload: payload)))
                continue
            }
            items.append(normalizer.normalize(
                id: story.guid.isEmpty ? story.link : story.guid, headline: story.title, body: story.description,
                tickers: story.categories, source: collector.channelTitle.isEmpty ? "rss" : collector.channelTitle,
                url: story.link, eventTime: time, ingestTime: now, position: position, payload: payload))
        }
        if !ok || collector.depth != 0 {
            let error = ok ? "the document ends inside an element" : parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
            items.append(.reject(FeedReject(
                position: FeedPosition(source: source, line: Int64(parser.lineNumber)), reason: .malformedRecord,
                detail: "the RSS document is malformed here (\(error)); items after this point are lost", payload: [])))
        }
        pending = items
    }

    public mutating func next(maxItems: Int) async throws -> [FeedItem]? {
        guard !pending.isEmpty else { return nil }
        let batch = Array(pending.prefix(maxItems))
        pending.removeFirst(batch.count)
        return batch
    }
}

/// RFC 822 dates as RSS writes them, e.g. `Fri, 20 Nov 2026 14:30:00 GMT` or `+0000`.
enum RSSDate {
    static func parse(_ text: String) -> Int64? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEE, dd MMM yyyy HH:mm:ss Z", "dd MMM yyyy HH:mm:ss Z"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text.trimmingCharacters(in: .whitespaces)) { return Timestamp.nanos(from: date) }
        }
        return nil
    }
}

/// Collects RSS items from XMLParser callbacks.
final class RSSCollector: NSObject, XMLParserDelegate {
    struct Story {
        var line = 0
        var title = "", description = "", link = "", guid = "", pubDate = ""
        var categories: [String] = []
        var raw = ""
    }

    var stories: [Story] = []
    var channelTitle = ""
    /// Elements opened and not closed: not 0 at the end of a truncated document.
    var depth = 0
    private var current: Story?
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        depth += 1
        if name == "item" { current = Story(line: parser.lineNumber) }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, foundCDATA block: Data) { text += String(decoding: block, as: UTF8.self) }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if var story = current {
            switch name {
            case "title": story.title = value
            case "description": story.description = value
            case "link": story.link = value
            case "guid": story.guid = value
            case "pubDate": story.pubDate = value
            case "category": story.categories.append(value)
            case "item":
                story.raw = "<item><title>\(story.title)</title><pubDate>\(story.pubDate)</pubDate><guid>\(story.guid)</guid></item>"
                stories.append(story)
                current = nil
                text = ""
                return
            default: break
            }
            current = story
        } else if name == "title", channelTitle.isEmpty {
            channelTitle = value
        }
        text = ""
    }
}
