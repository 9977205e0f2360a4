import SwiftProtobuf
import TickFlowTestSupport
import Testing

@testable import Model

/// The directly read encodings of the stream's hot types against SwiftProtobuf's decoding of their generated
/// messages followed by `init(proto:)`: on valid encodings, on encodings with unknown fields (every wire type, nested
/// groups) and repeated fields (two encodings concatenated: scalars replaced, a `oneof` member merged or replaced),
/// and on corrupted ones (bytes overwritten, inserted, cut). Both must give the same value, or both refuse the bytes
/// with the same error code.
@Suite struct ProtoWireReaderTests {
    /// What decoding gave: a value, or the code of the error.
    enum Outcome<Value: Equatable>: Equatable {
        case value(Value)
        case refused(ModelError.Code)
    }

    static func ours<T: ProtobufRepresentable & Equatable>(_ bytes: [UInt8], as _: T.Type) -> Outcome<T> {
        do { return .value(try T(serializedBytes: bytes)) } catch let error as ModelError { return .refused(error.code) } catch {
            Issue.record("not a ModelError: \(error)")
            return .refused(.encoding)
        }
    }

    static func reference<T: ProtobufRepresentable & Equatable>(_ bytes: [UInt8], as _: T.Type) -> Outcome<T> {
        let message: T.ProtoMessage
        do { message = try T.ProtoMessage(serializedBytes: bytes) } catch { return .refused(.decoding) }
        do { return .value(try T(proto: message)) } catch let error as ModelError { return .refused(error.code) } catch {
            Issue.record("not a ModelError: \(error)")
            return .refused(.encoding)
        }
    }

    /// Valid values in the main, with now and then a field a validator refuses.
    struct Values {
        var source: SplitMix64

        init(seed: UInt64) { source = SplitMix64(seed: seed) }

        mutating func next() -> UInt64 { source.next() }

        mutating func pick<T>(_ choices: [T]) -> T { choices[Int(next() % UInt64(choices.count))] }

        mutating func rarely<T>(_ usual: T, _ odd: T) -> T { next() % 16 == 0 ? odd : usual }

        mutating func price() -> Double { rarely(Double(next() % 1_000_000) / 100 + 0.01, pick([.nan, .infinity, -1])) }

        mutating func id() -> String { rarely(pick([Samples.appleId, Samples.ust10yId, "Société Générale ✓", String(repeating: "id-", count: 50)]), "") }

        mutating func currency() -> String { rarely(pick(["USD", "EUR", "JPY"]), pick(["usd", ""])) }

        mutating func venue() -> String { rarely(pick(["XNAS", "XETR", ""]), "NASDAQ") }

        mutating func time() -> Int64 { rarely(Samples.eventTime + Int64(next() % 1_000_000_000), pick([0, -5])) }

        mutating func trade() -> Trade {
            Trade(
                instrumentId: id(), symbol: pick(["AAPL", "SIE", "ÄÖÜ"]), venue: venue(), price: price(), quantity: price(),
                currency: currency(), aggressorSide: pick([.unknown, .buy, .sell]), tradeId: pick(["", "T-1", "SYN-123456789"]),
                sequence: pick([0, 1, 300, UInt64.max, next()]), eventTimeNanos: time(), ingestTimeNanos: time())
        }

        mutating func quote() -> Quote {
            Quote(
                instrumentId: id(), symbol: pick(["AAPL", "UST10Y"]), venue: venue(), bidPrice: price(), bidSize: price(), askPrice: price(),
                askSize: price(), currency: currency(), sequence: pick([0, 7, next()]), eventTimeNanos: time(), ingestTimeNanos: time())
        }

        mutating func event() -> MarketEvent { next() % 2 == 0 ? .trade(trade()) : .quote(quote()) }

        mutating func enriched() -> EnrichedTick {
            let event = event()
            var tick = EnrichedTick(
                event: event, baseCurrency: currency(), fxRate: price(), fxInterpolated: next() % 2 == 0, priceBase: price(),
                notionalBase: price(), assetClass: pick(AssetClass.allCases), sector: pick(["", "Information Technology"]),
                region: pick(["", "North America"]), ingestTimeNanos: time())
            tick.ingestTimeNanos = rarely(tick.ingestTimeNanos, 0)
            return tick
        }

        mutating func book() -> TopOfBook {
            let bid = price()
            return TopOfBook(
                instrumentId: id(), symbol: "AAPL", bidPrice: bid, bidSize: price(), bidVenue: venue(), askPrice: bid + 0.02,
                askSize: price(), askVenue: venue(), currency: currency(), eventTimeNanos: time(), ingestTimeNanos: time())
        }

        /// An unknown field of a random wire type, numbered above every known one.
        mutating func unknownField() -> [UInt8] {
            let number = UInt8(20 + next() % 10)
            switch next() % 5 {
            case 0: return [number << 3 | 0, 0x96, 0x01]
            case 1: return [number << 3 | 1] + [UInt8](repeating: 7, count: 8)
            case 2: return [number << 3 | 2, 3, 0x61, 0x62, 0x63]
            case 3: return [number << 3 | 5, 1, 2, 3, 4]
            default: return [number << 3 | 3, 0x08, 0x01, 0x2b, 0x10, 0x02, 0x2c, number << 3 | 4]  // a group with a group inside
            }
        }

        /// `bytes` damaged one way or another.
        mutating func corrupt(_ bytes: [UInt8]) -> [UInt8] {
            var bytes = bytes
            for _ in 0...(next() % 3) where !bytes.isEmpty {
                let at = Int(next() % UInt64(bytes.count))
                switch next() % 4 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: next())
                case 1: bytes.insert(UInt8(truncatingIfNeeded: next()), at: at)
                case 2: bytes.removeSubrange(at...)
                default: bytes[at] ^= 0x80
                }
            }
            return bytes
        }
    }

    /// Encodings of `make`'s values plain, with unknown fields, concatenated, and corrupted; both decoders on each.
    func compare<T: ProtobufRepresentable & Equatable>(seed: UInt64, _ make: (inout Values) -> T) throws {
        var values = Values(seed: seed)
        var accepted = 0, refused: [ModelError.Code: Int] = [:]
        for index in 0..<4_000 {
            let value = make(&values)
            let bytes: [UInt8] = try value.proto.serializedBytes()
            let other: [UInt8] = try make(&values).proto.serializedBytes()
            let inputs = [
                bytes, values.unknownField() + bytes + values.unknownField(), bytes + other, values.corrupt(bytes), values.corrupt(bytes + other),
            ]
            for (kind, input) in inputs.enumerated() {
                let expected = Self.reference(input, as: T.self)
                #expect(Self.ours(input, as: T.self) == expected, "case \(index), input \(kind): \(input)")
                switch expected {
                case .value: accepted += 1
                case .refused(let code): refused[code, default: 0] += 1
                }
            }
        }
        #expect(accepted > 4_000 && refused[.decoding, default: 0] > 1_000 && refused[.invalidField, default: 0] > 1_000, "\(accepted) \(refused)")
    }

    @Test func tradesDecodeAsSwiftProtobufDecodesThem() throws { try compare(seed: 1) { $0.trade() } }

    @Test func quotesDecodeAsSwiftProtobufDecodesThem() throws { try compare(seed: 2) { $0.quote() } }

    @Test func marketEventsDecodeAsSwiftProtobufDecodesThem() throws { try compare(seed: 3) { $0.event() } }

    @Test func enrichedTicksDecodeAsSwiftProtobufDecodesThem() throws { try compare(seed: 4) { $0.enriched() } }

    @Test func topsOfBookDecodeAsSwiftProtobufDecodesThem() throws { try compare(seed: 5) { $0.book() } }

    @Test func aRepeatedOneofMemberIsMergedAndTheOtherMemberReplacesIt() throws {
        var partial = Tickflow_V1_MarketEvent()
        partial.trade.price = 190.5
        let merged = try MarketEvent(serializedBytes: MarketEvent.trade(Samples.appleTrade).serializedBytes() + partial.serializedBytes())
        var expected = Samples.appleTrade
        expected.price = 190.5
        #expect(merged == .trade(expected))
        let replaced = try MarketEvent(
            serializedBytes: MarketEvent.trade(Samples.appleTrade).serializedBytes() + MarketEvent.quote(Samples.ust10yQuote).serializedBytes())
        #expect(replaced == .quote(Samples.ust10yQuote))
    }

    @Test func malformedBytesAreRefusedWithTheMessageNamed() throws {
        let cut = Array(MarketEvent.trade(Samples.appleTrade).serializedBytes().dropLast(3))
        let error = try #require(throws: ModelError.self) { try MarketEvent(serializedBytes: cut) }
        #expect(error.code == .decoding && error.messageType == "tickflow.v1.MarketEvent")
        #expect(throws: ModelError.self) { try Trade(serializedBytes: [0x0a, 0x02, 0xff, 0xfe]) }  // not UTF-8
        #expect(throws: ModelError.self) { try Trade(serializedBytes: [0x0c]) }  // an end-group tag alone
        #expect(throws: ModelError.self) { try Trade(serializedBytes: [0x08] + [UInt8](repeating: 0xff, count: 10) + [0x01]) }  // 11-byte varint
    }
}
