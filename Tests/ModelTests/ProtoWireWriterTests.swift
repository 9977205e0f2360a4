import SwiftProtobuf
import TickFlowTestSupport
import Testing

@testable import Model

/// The directly written encodings of the stream's hot types against SwiftProtobuf's serialization of their
/// generated messages, byte for byte, over values that exercise every branch of the writer: empty and non-ASCII
/// strings, strings long enough for a nested message to need a two-byte length, zero, negative zero, NaN and
/// infinite doubles, zero and extreme integers, every enum value.
@Suite struct ProtoWireWriterTests {
    /// Generated values, from a seeded source so that a failure names a reproducible case.
    struct Values {
        var source: SplitMix64

        init(seed: UInt64) { source = SplitMix64(seed: seed) }

        mutating func next() -> UInt64 { source.next() }

        mutating func pick<T>(_ choices: [T]) -> T { choices[Int(next() % UInt64(choices.count))] }

        mutating func string() -> String {
            pick(["", "USD", "XNAS", "AAPL", Samples.appleId, "Société Générale ✓", String(repeating: "long-id-", count: 20)])
        }

        mutating func double() -> Double {
            pick([0, -0.0, 189.43, -12.5, .leastNonzeroMagnitude, 1.7e308, .nan, .infinity, -.infinity, Double(next() % 1_000_000) / 100])
        }

        mutating func int64() -> Int64 { pick([0, -1, Int64.min, Int64.max, Samples.eventTime, Int64(bitPattern: next())]) }

        mutating func uint64() -> UInt64 { pick([0, 1, 127, 128, 16_383, 16_384, UInt64.max, next()]) }

        mutating func trade() -> Trade {
            Trade(
                instrumentId: string(), symbol: string(), venue: string(), price: double(), quantity: double(), currency: string(),
                aggressorSide: pick([.unknown, .buy, .sell]), tradeId: string(), sequence: uint64(), eventTimeNanos: int64(),
                ingestTimeNanos: int64())
        }

        mutating func quote() -> Quote {
            Quote(
                instrumentId: string(), symbol: string(), venue: string(), bidPrice: double(), bidSize: double(),
                askPrice: double(), askSize: double(), currency: string(), sequence: uint64(), eventTimeNanos: int64(),
                ingestTimeNanos: int64())
        }

        mutating func event() -> MarketEvent { next() % 2 == 0 ? .trade(trade()) : .quote(quote()) }
    }

    static let cases = 3_000

    @Test func marketEventsEncodeToSwiftProtobufsBytes() throws {
        var values = Values(seed: 1)
        var longNested = 0
        for index in 0..<Self.cases {
            let event = values.event()
            let expected: [UInt8] = try event.proto.serializedBytes()
            #expect(event.serializedBytes() == expected, "case \(index): \(event)")
            if expected.count > 2, expected[1] >= 0x80 { longNested += 1 }
        }
        #expect(longNested > 100, "nested messages of 128 bytes or more were exercised")
    }

    @Test func enrichedTicksEncodeToSwiftProtobufsBytes() throws {
        var values = Values(seed: 2)
        for index in 0..<Self.cases {
            let tick = EnrichedTick(
                event: values.event(), baseCurrency: values.string(), fxRate: values.double(), fxInterpolated: values.next() % 2 == 0,
                priceBase: values.double(), notionalBase: values.double(), assetClass: values.pick(AssetClass.allCases),
                sector: values.string(), region: values.string(), ingestTimeNanos: values.int64())
            let expected: [UInt8] = try tick.proto.serializedBytes()
            #expect(tick.serializedBytes() == expected, "case \(index): \(tick)")
        }
    }

    @Test func topsOfBookEncodeToSwiftProtobufsBytes() throws {
        var values = Values(seed: 3)
        for index in 0..<Self.cases {
            let book = TopOfBook(
                instrumentId: values.string(), symbol: values.string(), bidPrice: values.double(), bidSize: values.double(),
                bidVenue: values.string(), askPrice: values.double(), askSize: values.double(), askVenue: values.string(),
                currency: values.string(), eventTimeNanos: values.int64(), ingestTimeNanos: values.int64())
            let expected: [UInt8] = try book.proto.serializedBytes()
            #expect(book.serializedBytes() == expected, "case \(index): \(book)")
        }
    }

    @Test func theHotTypesStillDecodeFromWhatTheyWrite() throws {
        let tick = EnrichedTick(
            event: .trade(Samples.appleTrade), baseCurrency: "EUR", fxRate: 0.92, priceBase: 189.43 * 0.92,
            notionalBase: 189.43 * 200 * 0.92, assetClass: .equity, sector: "Information Technology", region: "North America",
            ingestTimeNanos: Samples.ingestTime + 1_000)
        #expect(try EnrichedTick(serializedBytes: tick.serializedBytes()) == tick)
        #expect(try MarketEvent(serializedBytes: MarketEvent.quote(Samples.ust10yQuote).serializedBytes()) == .quote(Samples.ust10yQuote))
        #expect(try TopOfBook(serializedBytes: Samples.appleBook.serializedBytes()) == Samples.appleBook)
    }
}
