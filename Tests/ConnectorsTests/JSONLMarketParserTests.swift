import Connectors
import Foundation
import Model
import Testing

@Suite struct JSONLMarketParserTests {
    @Test func readsTradesAndQuotesWithEpochTimesAndRejectsBadLines() async throws {
        let text = """
            {"symbol":"AAPL","price":189.5,"size":100,"side":"B","timestamp":1795185000000,"seq":1}
            {"symbol":"MSFT","bid":"421.10","ask":"421.14","bid_size":100,"ask_size":400,"timestamp":1795185000001}
            {"symbol":"AAPL","price":"1O0","size":1,"timestamp":1795185000002}
            {"symbol":"AAPL","price":-3,"size":1,"timestamp":1795185000003}
            {"symbol":"MSFT","bid":421.2,"ask":421.1,"timestamp":1795185000004}
            [1,2,3]
            {"symbol":"AAPL","price":189.6,"size":5,"timestamp":1795185000006}
            {"symbol":"AAPL","price":189.7,
            """
        let path = try Fixtures.temporaryFile(Array(text.utf8), suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var mapping = ColumnMapping()
        mapping.timestampFormat = .epochMillis
        let feed = try LineFileFeed(
            path: path, parser: JSONLMarketParser(mapping: mapping, master: Fixtures.master, sourceName: path), clock: Fixtures.clock)
        let items = try await Fixtures.drain(feed)
        let trades = Fixtures.trades(items)
        #expect(trades.map(\.price) == [189.5, 189.6])
        #expect(trades[0].eventTimeNanos == 1_795_185_000_000_000_000)
        #expect(trades[0].aggressorSide == .buy)
        #expect(trades[0].sequence == 1)
        let quote = try #require(Fixtures.quotes(items).first)
        #expect(quote.bidPrice == 421.10 && quote.askSize == 400)
        #expect(Fixtures.rejects(items).map(\.reason) == [.invalidNumber, .invalidPrice, .crossedQuote, .malformedRecord, .truncatedRecord])
        #expect(Fixtures.rejects(items).map(\.position.line) == [3, 4, 5, 6, 8])
    }
}
