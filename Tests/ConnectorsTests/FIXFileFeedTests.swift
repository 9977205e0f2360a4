import Connectors
import Foundation
import Model
import Testing
import TickFlowTestSupport

@Suite struct FIXFileFeedTests {
    @Test func normalisesSnapshotsAndIncrementalsIntoQuotesTradesAndFX() async throws {
        let feed = try FIXFileFeed(path: Fixtures.sample("market.fix"), master: Fixtures.master, name: "market.fix", clock: Fixtures.clock)
        let items = try await Fixtures.drain(feed)
        #expect(Fixtures.rejects(items).isEmpty)
        let trades = Fixtures.trades(items), quotes = Fixtures.quotes(items)
        #expect(trades.count == 1)
        #expect(trades[0].symbol == "AAPL")
        #expect(trades[0].price == 189.50)
        #expect(trades[0].quantity == 100)
        #expect(trades[0].sequence == 2)
        // MDEntryTime 273 on the trade entry wins over SendingTime 52.
        #expect(Timestamp.iso8601(trades[0].eventTimeNanos) == "2026-11-20T14:30:00.095000000Z")
        #expect(quotes.map(\.symbol) == ["AAPL", "MSFT", "AAPL"])
        #expect(quotes[0].bidPrice == 189.49 && quotes[0].askPrice == 189.51)
        #expect(quotes[1].bidSize == 100 && quotes[1].askSize == 400)
        // The incremental bid update keeps the book's last offer.
        #expect(quotes[2].bidPrice == 189.50 && quotes[2].bidSize == 500 && quotes[2].askPrice == 189.51)
        #expect(Timestamp.iso8601(quotes[2].eventTimeNanos) == "2026-11-20T14:30:01.100000000Z")
        let fx = Fixtures.events(items).compactMap { if case .fx(let rate) = $0 { rate } else { nil } }
        #expect(fx.map(\.pair) == ["EURUSD"])
        #expect(fx.first?.rate == 1.08745)
    }

    @Test func everyBadMessageIsRejectedWithItsPositionAndTheGoodOnesArrive() async throws {
        let path = Fixtures.sample("market-malformed.fix")
        let feed = try FIXFileFeed(path: path, master: Fixtures.master, name: "bad.fix", clock: Fixtures.clock)
        let items = try await Fixtures.drain(feed, batch: 2)
        let rejects = Fixtures.rejects(items)
        #expect(rejects.map(\.reason) == [
            .badChecksum, .badBodyLength, .sequenceGap, .invalidPrice, .unknownSymbol, .invalidTimestamp,
            .unsupportedMessage, .truncatedRecord,
        ])
        #expect(rejects.map(\.position.sequence) == [9, 10, 11, 11, 12, 13, 14, 0])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for reject in rejects where reject.reason != .sequenceGap {
            let start = Int(reject.position.byteOffset)
            #expect(Array(bytes[start..<(start + reject.payload.count)]) == reject.payload, "\(reject.reason)")
            #expect(reject.payload.starts(with: Array("8=FIX.4.4".utf8)))
        }
        #expect(rejects[2].detail == "MsgSeqNum 11 after 2: messages 3...10 are missing")
        #expect(rejects.last?.position.byteOffset == Int64(bytes.count - rejects.last!.payload.count))
        #expect(Fixtures.trades(items).map(\.price) == [189.50, 421.30])
        #expect(Fixtures.quotes(items).count == 1)
        let letter = rejects[0].deadLetter(failedAt: 9)
        #expect(letter.sourceOffset == 9)
        #expect(letter.reason.hasPrefix("bad.fix:byte 275, seq 9: CheckSum (10) is"))
    }
}
