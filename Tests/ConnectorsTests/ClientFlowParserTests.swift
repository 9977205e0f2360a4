import Connectors
import Foundation
import Model
import Testing

@Suite struct ClientFlowParserTests {
    @Test func readsCSVWithExactAmountsAndRejectsBadRows() async throws {
        let feed = try LineFileFeed(
            path: Fixtures.sample("flows.csv"), parser: ClientFlowParser(format: .csv), name: "flows.csv", clock: Fixtures.clock)
        let items = try await Fixtures.drain(feed)
        let flows = Fixtures.events(items).compactMap { if case .flow(let flow) = $0 { flow } else { nil } }
        #expect(flows.map(\.id) == ["F1", "F2", "F3"])
        #expect(flows[0].amount == Money(amount: Decimal(string: "1250000.00")!, currency: "USD"))
        #expect(flows[1].kind == .redemption)
        #expect(flows[1].amount.amountString == "250000.5")
        #expect(flows[1].signedAmount == Decimal(string: "-250000.50")!)
        #expect(flows[2].amount.amount == Decimal(string: "0.10")!)
        #expect(flows[0].portfolioId == "P001")
        #expect(Fixtures.events(items).map(\.key) == ["P001", "P001", "P002"])
        #expect(Fixtures.events(items).allSatisfy { $0.topic == "client-flows.inbound" })
        let rejects = Fixtures.rejects(items)
        #expect(rejects.map(\.reason) == [.invalidField, .invalidField, .invalidNumber, .invalidField, .truncatedRecord])
        #expect(rejects.map(\.position.line) == [5, 6, 7, 8, 9])
        #expect(rejects[3].detail.contains("\"usd\""))
    }

    @Test func readsJSONLinesWithZoneOffsets() async throws {
        let feed = try LineFileFeed(
            path: Fixtures.sample("flows.jsonl"), parser: ClientFlowParser(format: .jsonl), clock: Fixtures.clock)
        let flows = Fixtures.events(try await Fixtures.drain(feed)).compactMap { if case .flow(let flow) = $0 { flow } else { nil } }
        #expect(flows.count == 2)
        #expect(flows[0].kind == .subscription)
        #expect(flows[0].amount == Money(amount: 5_000_000, currency: "GBP"))
        #expect(Timestamp.iso8601(flows[1].eventTimeNanos) == "2026-11-20T15:01:00.000000000Z")
    }
}
