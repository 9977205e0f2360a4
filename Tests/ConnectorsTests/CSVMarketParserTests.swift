import Connectors
import Foundation
import Model
import Testing
import TickFlowTestSupport

@Suite struct CSVMarketParserTests {
    @Test func normalisesTradesAndQuotesOfEveryAssetClass() async throws {
        let items = try await Fixtures.drain(try Fixtures.csvFeed(Fixtures.sample("trades.csv"), name: "trades.csv"))
        #expect(Fixtures.rejects(items).isEmpty)
        let events = Fixtures.events(items)
        #expect(events.count == 10)
        let topics = events.map(\.topic)
        #expect(topics == [
            "market-data.equities.us", "market-data.equities.us", "market-data.equities.us", "market-data.equities.us",
            "market-data.bonds.global", "market-data.bonds.global", "market-data.derivatives.us",
            "market-data.derivatives.us", "market-data.fx", "market-data.equities.us",
        ])
        let apple = try #require(Fixtures.master.instrument(symbol: "AAPL"))
        let trade = try #require(Fixtures.trades(items).first)
        #expect(trade.instrumentId == apple.id)
        #expect(trade.price == 189.50)
        #expect(trade.quantity == 100)
        #expect(trade.aggressorSide == .buy)
        #expect(trade.currency == "USD")
        #expect(trade.venue == "XNAS")
        #expect(trade.sequence == 2)
        #expect(trade.eventTimeNanos == 1_795_185_000_000_250_000)
        #expect(trade.ingestTimeNanos == Fixtures.ingestTime)
        #expect(events[1].key == apple.id)
        let quote = try #require(Fixtures.quotes(items).first)
        #expect(quote.bidPrice == 189.49)
        #expect(quote.askPrice == 189.51)
        #expect(quote.bidSize == 300)
        #expect(quote.askSize == 200)
        guard case .fx(let rate) = events[8] else { Issue.record("expected an FX rate, got \(events[8])"); return }
        #expect(rate.pair == "EURUSD")
        #expect(rate.bid == 1.08741)
        #expect(abs(rate.rate - 1.08745) < 1e-12)
        #expect(events[8].key == "EURUSD")
        let jpm = Fixtures.trades(items).last
        #expect(jpm?.aggressorSide == .sell)
    }

    @Test func routesEachMalformedLineToItsReasonAndKeepsTheGoodOnes() async throws {
        let path = Fixtures.sample("trades-malformed.csv")
        let items = try await Fixtures.drain(try Fixtures.csvFeed(path, name: "trades-malformed.csv"))
        let trades = Fixtures.trades(items)
        #expect(trades.map(\.sequence) == [1, 7, 9])
        let rejects = Fixtures.rejects(items)
        let reasons = rejects.map(\.reason)
        #expect(reasons == [.truncatedRecord, .invalidNumber, .invalidPrice, .invalidTimestamp, .unknownSymbol, .invalidUTF8, .truncatedRecord])
        #expect(rejects.map(\.position.line) == [3, 4, 5, 6, 7, 9, 11])
        let lines = try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: 10, omittingEmptySubsequences: false)
        for reject in rejects {
            #expect(reject.payload == Array(lines[Int(reject.position.line) - 1]), "\(reject)")
            #expect(reject.position.source == "trades-malformed.csv")
        }
        // Byte offsets point at the line's first byte.
        let second = try #require(rejects.first)
        #expect(second.position.byteOffset == Int64(lines[0].count + 1 + lines[1].count + 1))
        #expect(rejects.last?.detail.contains("ends inside this record") == true)
        #expect(rejects[2].detail.contains("-1.25"))
        let letter = rejects[0].deadLetter(failedAt: 7)
        #expect(letter.stage == "ingest")
        #expect(letter.reasonCode == "TRUNCATED_RECORD")
        #expect(letter.sourceTopic == "trades-malformed.csv")
        #expect(letter.sourceOffset == 3)
        #expect(letter.sourcePartition == -1)
        #expect(letter.reason.hasPrefix("trades-malformed.csv:line 3, byte "))
    }

    @Test func appliesAColumnMappingWithALocalTimeZone() async throws {
        let mapping = try ColumnMapping.load(path: Fixtures.sample("trades-ny.mapping.json"))
        #expect(mapping.delimiter == ";")
        #expect(mapping.bid == "bid")  // unset keys keep their defaults
        let items = try await Fixtures.drain(try Fixtures.csvFeed(Fixtures.sample("trades-ny.csv"), mapping: mapping))
        let trades = Fixtures.trades(items)
        #expect(trades.count == 2)
        // 09:30 New York is 13:30 UTC in July (EDT) and 14:30 UTC in December (EST).
        #expect(Timestamp.iso8601(trades[0].eventTimeNanos) == "2026-07-01T13:30:00.125000000Z")
        #expect(Timestamp.iso8601(trades[1].eventTimeNanos) == "2026-12-01T14:30:00.500000000Z")
        #expect(trades[1].aggressorSide == .sell)
    }

    @Test func readsGzipLikePlainText() async throws {
        let plain = try Data(contentsOf: URL(fileURLWithPath: Fixtures.sample("trades.csv")))
        let gzipped = Fixtures.sample("trades.csv.gz")
        let items = try await Fixtures.drain(try Fixtures.csvFeed(gzipped, name: "trades.csv"))
        let expected = try await Fixtures.drain(try Fixtures.csvFeed(Fixtures.sample("trades.csv"), name: "trades.csv"))
        #expect(items == expected)
        #expect(plain.count > 0)
    }

    @Test func rejectsAQuotedFieldLeftOpenAndReadsQuotedSymbols() async throws {
        let text = "timestamp,symbol,price,size\n2026-11-20T14:30:00Z,\"AAPL\",189.5,10\n2026-11-20T14:30:01Z,\"AAPL,189.5,10\n"
        let path = try Fixtures.temporaryFile(Array(text.utf8), suffix: ".csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let items = try await Fixtures.drain(try Fixtures.csvFeed(path))
        #expect(Fixtures.trades(items).map(\.price) == [189.5])
        #expect(Fixtures.rejects(items).map(\.reason) == [.malformedRecord])
    }

    /// The splitter notes non-ASCII bytes and quotes in the same pass as the delimiters: valid non-ASCII text is
    /// judged on its fields, invalid UTF-8 is refused first, a quote anywhere switches to RFC 4180 splitting.
    @Test func judgesNonASCIIAndQuotesFoundWhileSplitting() async throws {
        var bytes = Array("timestamp,symbol,price,size,side\n".utf8)
        bytes += Array("2026-11-20T14:30:00Z,AAPL,189.5,10,B\n".utf8)
        bytes += Array("2026-11-20T14:30:01Z,AAPLé,189.5,10,B\n".utf8)
        bytes += Array("2026-11-20T14:30:02Z,AAPL,189.5,10,".utf8) + [0xC3, 0x28] + [10]
        bytes += Array("2026-11-20T14:30:03Z,MSFT,\"1,5\",10,S\n".utf8)
        bytes += Array("2026-11-20T14:30:04Z,MSFT,\"412.25\",\"1\"\"0\",S\n".utf8)
        bytes += Array("2026-11-20T14:30:05Z,MSFT,100.07000000000001,9007199254740993,S\n".utf8)
        let path = try Fixtures.temporaryFile(bytes, suffix: ".csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let items = try await Fixtures.drain(try Fixtures.csvFeed(path))
        let trades = Fixtures.trades(items)
        #expect(trades.map(\.symbol) == ["AAPL", "MSFT"])
        #expect(trades.map(\.price) == [189.5, 100.07000000000001])
        #expect(trades.last?.quantity == 9007199254740993)
        let rejects = Fixtures.rejects(items)
        #expect(rejects.map(\.reason) == [.unknownSymbol, .invalidUTF8, .invalidNumber, .invalidNumber])
        #expect(rejects.map(\.position.line) == [3, 4, 5, 6])
        #expect(rejects[0].detail.contains("AAPLé"))
        #expect(rejects[2].detail == "price \"1,5\" is not a number")
        #expect(rejects[3].detail == "size \"1\"0\" is not a number")
    }

    @Test func refusesAHeaderWithoutTheMappedColumns() async throws {
        let path = try Fixtures.temporaryFile(Array("time,sym,px\n2026-11-20T14:30:00Z,AAPL,1\n".utf8), suffix: ".csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let items = try await Fixtures.drain(try Fixtures.csvFeed(path))
        #expect(Fixtures.rejects(items).map(\.reason) == [.missingField, .missingField])
    }

    @Test func aGzipFileCutShortDeliversItsGoodLinesAndRejectsTheLastOne() async throws {
        let gzipped = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.sample("trades.csv.gz"))))
        // Cut the compressed stream: zlib yields what it can, the last line comes out unterminated.
        let path = try Fixtures.temporaryFile(Array(gzipped.prefix(gzipped.count - 60)), suffix: ".csv.gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let items = try await Fixtures.drain(try Fixtures.csvFeed(path))
        let expected = try await Fixtures.drain(try Fixtures.csvFeed(Fixtures.sample("trades.csv"), name: path))
        let events = Fixtures.events(items)
        #expect(events.count >= 5)
        #expect(events == Array(Fixtures.events(expected).prefix(events.count)))
        #expect(Fixtures.rejects(items).map(\.reason) == [.truncatedRecord])
    }
}
