import Foundation
import Model
import Testing

@testable import Serving

@Suite struct JSONWriterTests {
    /// What JSONSerialization makes of a document: the comparison ignores key order and number spelling.
    private func parsed(_ bytes: [UInt8]) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary)
    }

    private func written(_ value: some JSONWritable) -> [UInt8] {
        var writer = JSONWriter()
        value.write(to: &writer)
        return writer.bytes
    }

    @Test func marketSnapshotsMatchTheirEncodableForm() throws {
        let now = Timestamp.now()
        let quote = Quote(
            instrumentId: "id-1", symbol: "BRK\"B\\", venue: "XNAS\nline", bidPrice: 412.37, bidSize: 300, askPrice: 412.39,
            askSize: 1e-3, currency: "USD", eventTimeNanos: now, ingestTimeNanos: now)
        let book = TopOfBook(
            instrumentId: "id-2", symbol: "Zürich €", bidPrice: 0.1 + 0.2, bidSize: 12_345_678_901, bidVenue: "\u{1}", askPrice: 1e21,
            askSize: 5, askVenue: "ARCX", currency: "CHF", eventTimeNanos: now, ingestTimeNanos: now)
        let items = ItemsJSON(items: [
            MarketSnapshotJSON(instrumentId: "id-1", quote: QuoteJSON(quote), topOfBook: nil),
            MarketSnapshotJSON(instrumentId: "id-2", quote: nil, topOfBook: TopOfBookJSON(book)),
            MarketSnapshotJSON(instrumentId: "id-3", quote: QuoteJSON(quote), topOfBook: TopOfBookJSON(book)),
        ])
        let reference = try parsed(Array(JSONEncoder().encode(items)))
        let ours = try parsed(written(items))
        #expect(ours == reference)
        let list = try #require(ours["items"] as? [NSDictionary])
        #expect(list.count == 3)
        #expect(list[0]["topOfBook"] == nil)
        let first = try #require(list[0]["quote"] as? NSDictionary)
        #expect(first["symbol"] as? String == "BRK\"B\\")
        #expect(first["venue"] as? String == "XNAS\nline")
        #expect(first["bid"] as? Double == 412.37)
    }

    @Test func nonFiniteNumbersAreNull() throws {
        var writer = JSONWriter()
        writer.object { json in
            json.field("nan", Double.nan)
            json.field("inf", -Double.infinity)
            json.field("x", 1.5)
        }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"nan":null,"inf":null,"x":1.5}"#)
    }

    @Test func emptyContainersAndNesting() {
        var writer = JSONWriter()
        writer.object { json in
            json.key("a")
            json.array { _ in }
            json.key("b")
            json.array { list in
                list.value("x")
                list.object { _ in }
                list.value(2)
            }
        }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"a":[],"b":["x",{},2.0]}"#)
    }
}
