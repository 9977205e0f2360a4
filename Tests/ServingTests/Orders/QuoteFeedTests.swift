import Foundation
import Model
@testable import Serving
import Stream
import Testing
import TickFlowTestSupport

/// The stream's top of book reaches the ledger: quotes update, crossed resting orders fill up to the size
/// at the touch, bad records go to the dead-letter topic. In-process and on the Kafka mock cluster.
@Suite struct QuoteFeedTests {
    static func book(_ instrumentId: String, bid: Double, ask: Double, bidSize: Double, askSize: Double) throws -> [UInt8] {
        try TopOfBook(
            instrumentId: instrumentId, symbol: "AAPL", bidPrice: bid, bidSize: bidSize, bidVenue: "XNAS", askPrice: ask,
            askSize: askSize, askVenue: "XNAS", currency: "USD", eventTimeNanos: 1_763_683_200_000_000_000,
            ingestTimeNanos: 1_763_683_200_000_000_001).serializedBytes()
    }

    /// Two resting buys at 101 (3 and 2 units), then books: a crossed one (invalid), one at 100.50 with 4
    /// units, and a bond's (not a stock: skipped).
    static func scenario(_ fixture: LedgerFixture) async throws -> (ada: Order, bob: Order, records: [OutgoingRecord]) {
        let aapl = LedgerFixture.aapl
        fixture.quotes.update(MarketQuote(bid: 150, ask: 150), for: aapl)
        let adaUser = try await fixture.investor(cash: 1000, "Ada")
        let bobUser = try await fixture.investor(cash: 1000, "Bob")
        let ada = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .limit, quantity: 3, limitPrice: 101), by: adaUser)
        let bob = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .limit, quantity: 2, limitPrice: 101), by: bobUser)
        let key = Array(aapl.utf8)
        let records = [
            OutgoingRecord(topic: QuoteFeed.topic, key: key, value: try book(aapl, bid: 100.6, ask: 100.4, bidSize: 1, askSize: 1)),
            OutgoingRecord(topic: QuoteFeed.topic, key: key, value: [0xFF, 0x01, 0x02]),
            OutgoingRecord(topic: QuoteFeed.topic, key: key, value: try book(aapl, bid: 100.3, ask: 100.5, bidSize: 7, askSize: 4)),
            OutgoingRecord(topic: QuoteFeed.topic, key: Array("bond".utf8), value: try book(UUID().uuidString.lowercased(), bid: 99, ask: 99.5, bidSize: 1, askSize: 1)),
        ]
        return (ada, bob, records)
    }

    /// What the scenario must leave: Ada (older) fills 3 of the 4 units, Bob 1 of his 2.
    static func verify(_ fixture: LedgerFixture, ada: Order, bob: Order) async throws {
        let admin = Principal(userId: "admin", role: .admin)
        let adaAfter = try await fixture.ledger.order(id: ada.id, viewer: admin)
        let bobAfter = try await fixture.ledger.order(id: bob.id, viewer: admin)
        #expect(adaAfter.status == .filled)
        #expect(adaAfter.fillPrice == dec("100.5"))
        #expect(bobAfter.status == .open)
        #expect(bobAfter.filledQuantity == 1)
        #expect(bobAfter.reserved == 101)
        let quote = fixture.quotes.quote(for: LedgerFixture.aapl)
        #expect(quote == MarketQuote(bid: dec("100.3"), ask: dec("100.5"), bidSize: 7, askSize: 4))
        let adaWallet = try await fixture.ledger.wallet(userId: ada.userId)
        #expect(adaWallet.balance == dec("698.50"))
        #expect(adaWallet.reserved == 0)
        let bobWallet = try await fixture.ledger.wallet(userId: bob.userId)
        #expect(bobWallet.balance == dec("899.50"))
        #expect(bobWallet.reserved == 101)
    }

    @Test func inProcessBooksFillCrossedOrdersUpToTheirSize() async throws {
        try await withLedger(.sqlite) { fixture in
            let (ada, bob, records) = try await Self.scenario(fixture)
            let transport = InProcessTransport(configuration: InProcessTransportConfiguration(defaultPartitionCount: 1))
            let producer = try transport.makeProducer()
            try await producer.send(records)
            let consumer = try transport.makeConsumer(group: "ledger-quotes", topics: [QuoteFeed.topic])
            let feed = QuoteFeed(ledger: fixture.ledger, quotes: fixture.quotes, consumer: consumer, deadLetters: DeadLetterRouter(producer: producer))
            var read = 0
            var filled: [Order] = []
            while read < records.count, let batch = try await consumer.nextBatch(maxRecords: 100) {
                read += batch.count
                filled += try await feed.apply(batch)
            }
            #expect(filled.map(\.id) == [ada.id, bob.id])
            try await Self.verify(fixture, ada: ada, bob: bob)

            let letters = try transport.makeConsumer(group: "inspect", topics: [DeadLetterRouter.topic(forStage: QuoteFeed.stage)])
            let dead = try #require(try await letters.nextBatch(maxRecords: 10)).map { try DeadLetter(serializedBytes: $0.value) }
            #expect(dead.map(\.reasonCode).sorted() == ["DECODE_ERROR", "INVALID_QUOTE"])
            #expect(dead.contains { $0.reason.contains("crossed book") })
            await consumer.close()
            await letters.close()
        }
    }

    @Test func onKafkaTheServiceFillsAndCommits() async throws {
        try await withLedger(.postgres) { fixture in
            let cluster = try KafkaTestCluster()
            try cluster.mock.createTopic(QuoteFeed.topic, partitions: 3, replicationFactor: 3)
            try cluster.mock.createTopic(DeadLetterRouter.topic(forStage: QuoteFeed.stage), partitions: 1, replicationFactor: 3)
            let (ada, bob, records) = try await Self.scenario(fixture)
            let producer = try cluster.producer()
            try await producer.send(records)
            try await producer.flush(timeout: .seconds(30))
            let consumer = try cluster.consumer(group: "ledger-quotes")
            try consumer.subscribe(topics: [QuoteFeed.topic])
            let feed = QuoteFeed(ledger: fixture.ledger, quotes: fixture.quotes, consumer: consumer, deadLetters: DeadLetterRouter(producer: producer))
            let running = Task { try await feed.run() }
            let admin = Principal(userId: "admin", role: .admin)
            let deadline = ContinuousClock.now + .seconds(60)
            while try await fixture.ledger.order(id: bob.id, viewer: admin).filledQuantity == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            await consumer.close()
            try await running.value
            try await Self.verify(fixture, ada: ada, bob: bob)
            let letters = try cluster.consumer()
            try letters.subscribe(topics: [DeadLetterRouter.topic(forStage: QuoteFeed.stage)])
            let dead = try await letters.collect(2, timeout: .seconds(60))
            #expect(dead.count == 2)
            await letters.close()
        }
    }

    @Test func booksBecomeExactQuotes() throws {
        let book = TopOfBook(
            instrumentId: "i", symbol: "X", bidPrice: 0.1, bidSize: 300, bidVenue: "A", askPrice: 0.3, askSize: 0.5,
            askVenue: "B", currency: "USD", eventTimeNanos: 1, ingestTimeNanos: 2)
        #expect(try QuoteFeed.quote(book).get() == MarketQuote(bid: dec("0.1"), ask: dec("0.3"), bidSize: 300, askSize: dec("0.5")))
        var negative = book
        negative.askSize = -1
        #expect((try? QuoteFeed.quote(negative).get()) == nil)
        var oneSided = book
        oneSided.bidPrice = 0
        #expect(try QuoteFeed.quote(oneSided).get().bid == 0)
    }

    @Test func readingThePrintedDigitsGivesWhatParsingThePrintedStringGives() {
        func parsed(_ value: Double) -> Decimal {
            LedgerDecimal.round(
                Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX"))!, scale: LedgerDecimal.unitScale, mode: .plain)
        }
        var generator = SystemRandomNumberGenerator()
        // Prices in cents and sub-cents, FX-converted prices with full binary noise, sizes, tiny and huge values.
        var values: [Double] = [0, -0.0, 0.1, 0.3, 100, 189.3, 1e-5, 1.5e-9, 123_456_789.123, 1e15, 2.5e20, -42.125, Double.ulpOfOne]
        for _ in 0..<20_000 {
            let cents = Double(Int.random(in: 1...100_000_000, using: &generator)) / 100
            values.append(cents)
            values.append(cents * Double.random(in: 0.5...1.5, using: &generator))
            values.append(Double.random(in: -1e-3...1e-3, using: &generator))
            values.append(Double(Int.random(in: 1...5_000, using: &generator)) * 100)
            values.append(Double.random(in: 1e6...1e18, using: &generator))
        }
        for value in values {
            let ours = QuoteFeed.exact(value), reference = parsed(value)
            #expect(ours == reference, "\(value)")
            #expect(DecimalString.format(ours) == DecimalString.format(reference), "\(value)")
        }
        #expect(QuoteFeed.printed(.infinity) == nil)
        #expect(QuoteFeed.printed(1e-300) == nil)  // beyond the exponents it reads: the string parse takes over
    }
}
