import Connectors
import Foundation
import Model
import Testing
import TickFlowTestSupport

@Suite struct NewsTests {
    @Test(arguments: [
        ("Apple shares surge as profit beats estimates", 6.0),  // surge 3 + profit 1 + beats 2
        ("Exxon does not expect a strong rebound", -4.0),  // not flips strong and rebound: articles do not use up the window
        ("No losses this quarter", 2.0),  // no flips losses -2
        ("Company holds annual meeting", 0.0),
        ("Shares fall; outlook weak", -4.0),
    ])
    func scoresWithTheLexiconAndNegation(text: String, sum: Double) {
        let expected = sum / (sum * sum + SentimentScorer.alpha).squareRoot()
        let score = Fixtures.scorer.score(text)
        #expect(abs(score - expected) < 1e-12, "\(text): \(score)")
        #expect((-1...1).contains(score))
    }

    @Test func negationReachesThreeTokens() {
        let scorer = SentimentScorer(scores: ["good": 2], negators: ["not"])
        #expect(scorer.score("not good") < 0)
        #expect(scorer.score("not at all good") < 0)
        #expect(scorer.score("not at all very good") > 0)
        #expect(scorer.score("not the good") < 0)
    }

    @Test func refusesAMalformedLexicon() throws {
        let path = try Fixtures.temporaryFile(Array("good 2\nbad minus-two\n".utf8), suffix: ".txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConnectorError.self) { try SentimentScorer.load(path: path) }
    }

    @Test func readsJSONLinesMapsTickersAndRejectsBadLines() async throws {
        let normalizer = NewsNormalizer(master: Fixtures.master, scorer: Fixtures.scorer)
        let feed = try LineFileFeed(
            path: Fixtures.sample("news.jsonl"), parser: NewsJSONLParser(normalizer: normalizer), name: "news.jsonl",
            clock: Fixtures.clock)
        let items = try await Fixtures.drain(feed)
        let news = Fixtures.events(items).compactMap { if case .news(let item) = $0 { item } else { nil } }
        #expect(news.map(\.id) == ["N1", "N2", "N3", "N6"])
        #expect(news.map(\.tickers) == [["AAPL"], ["XOM"], ["JPM", "GS"], ["MSFT"]])
        #expect(news[0].sentiment! > 0.5)
        #expect(news[1].sentiment! < 0)  // "does not expect a strong rebound"
        #expect(news[2].sentiment! < 0)
        #expect(news[0].url == "https://example.com/n1")
        #expect(Timestamp.iso8601(news[0].eventTimeNanos) == "2026-11-20T14:31:00.000000000Z")
        #expect(Fixtures.events(items).allSatisfy { $0.topic == "news.raw" })
        let rejects = Fixtures.rejects(items)
        #expect(rejects.map(\.reason) == [.unknownSymbol, .invalidTimestamp, .malformedRecord, .truncatedRecord])
        #expect(rejects.map(\.position.line) == [4, 5, 7, 8])
    }

    @Test func readsRSS() async throws {
        let normalizer = NewsNormalizer(master: Fixtures.master, scorer: Fixtures.scorer)
        let feed = try RSSNewsFeed(path: Fixtures.sample("news.rss"), normalizer: normalizer, clock: Fixtures.clock)
        let items = try await Fixtures.drain(feed)
        let news = Fixtures.events(items).compactMap { if case .news(let item) = $0 { item } else { nil } }
        #expect(news.map(\.id) == ["R1", "R2"])
        #expect(news[0].tickers == ["NVDA"])
        #expect(news[0].body == "Shares of $NVDA climbed 4% in early trading.")
        #expect(news[0].source == "Market Wire")
        #expect(news[0].sentiment! > 0)
        #expect(news[1].sentiment! < 0)
        #expect(Timestamp.iso8601(news[1].eventTimeNanos) == "2026-11-20T14:40:00.000000000Z")
        #expect(Fixtures.rejects(items).map(\.reason) == [.invalidTimestamp])
    }

    @Test func reportsWhereAnRSSDocumentBreaks() async throws {
        let text = "<rss><channel><item><title>Apple beats</title><pubDate>Fri, 20 Nov 2026 14:35:00 GMT</pubDate></item>\n<item><title>broken"
        let path = try Fixtures.temporaryFile(Array(text.utf8), suffix: ".rss")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let feed = try RSSNewsFeed(path: path, normalizer: NewsNormalizer(master: Fixtures.master, scorer: Fixtures.scorer), clock: Fixtures.clock)
        let items = try await Fixtures.drain(feed)
        #expect(Fixtures.events(items).count == 1)
        let reject = try #require(Fixtures.rejects(items).last)
        #expect(reject.reason == .malformedRecord)
        #expect(reject.position.line == 2)
    }
}
