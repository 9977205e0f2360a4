import Foundation
import Model
import Serving
import Stream
import Testing
import TickFlowTestSupport

/// Ledger portfolios reach `portfolios.holdings` (the risk stage's side input) on every committed change, and all
/// of them again at start-up, on both ledger stores.
@Suite struct HoldingsPublisherTests {
    @Test(arguments: StoreKind.allCases)
    func everyCommittedChangeIsPublished(_ kind: StoreKind) async throws {
        let transport = InProcessTransport(configuration: InProcessTransportConfiguration(defaultPartitionCount: 1))
        let publisher = HoldingsPublisher(producer: try transport.makeProducer())
        try await withLedger(kind, portfolioChanges: publisher) { fixture in
            let ada = try await fixture.investor(cash: 0)
            let (aapl, msft) = (LedgerFixture.aapl, LedgerFixture.msft)
            let created = try await fixture.ledger.createPortfolio(owner: ada, name: "Core", holdings: [
                .init(instrumentId: aapl, quantity: dec("10.5"), costBasis: dec("1500.00")),
                .init(instrumentId: msft, quantity: 4, costBasis: dec("1200.00")),
            ])
            _ = try await fixture.ledger.updatePortfolioHoldings(
                id: created.id, viewer: ada, holdings: [.init(instrumentId: msft, quantity: 7, costBasis: dec("2100.00"))])
            // A refused change (another investor's portfolio) publishes nothing.
            let bob = try await fixture.investor(cash: 0, "Bob")
            await #expect(throws: ServingError.self) {
                _ = try await fixture.ledger.updatePortfolioHoldings(id: created.id, viewer: bob, holdings: [])
            }
            let republished = try await publisher.publishAll(from: fixture.ledger)
            #expect(republished == 1)

            let consumer = try transport.makeConsumer(group: "inspect", topics: [HoldingsPublisher.topic])
            var records: [IncomingRecord] = []
            while records.count < 3, let batch = try await consumer.nextBatch(maxRecords: 10) { records += batch }
            await consumer.close()
            #expect(records.count == 3)
            #expect(records.allSatisfy { $0.key == Array(created.id.utf8) })
            let values = try records.map { try PortfolioHoldings(serializedBytes: $0.value) }
            let first = Dictionary(uniqueKeysWithValues: values[0].positions.map { ($0.instrumentId, $0.quantity) })
            #expect(first == [aapl: dec("10.5"), msft: 4])
            #expect(values[1].positions == [.init(instrumentId: msft, quantity: 7)])
            #expect(values[2].positions == values[1].positions, "the start-up republication carries the ledger's state")
            #expect(values.allSatisfy { $0.portfolioId == created.id && $0.baseCurrency == "USD" })
            let times = values.map(\.eventTimeNanos)
            #expect(times == times.sorted(), "later changes carry later times, so the stage keeps the newest")
        }
    }
}
