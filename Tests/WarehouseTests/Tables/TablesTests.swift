import Foundation
import Model
import Testing
@testable import Warehouse

@Suite struct TablesTests {
    static let t0: Int64 = 1_763_683_200_000_000_000

    @Test func everyTableHasATimeColumnAndUniqueName() throws {
        let names = Tables.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.contains("bars_1m") && names.contains("orders") && names.contains("fills"))
        for table in Tables.all {
            #expect(table.schema.columns.first { $0.name == table.timeColumn }?.type == .timestampNanos, "\(table.name)")
            for column in [table.symbolColumn, table.instrumentColumn].compactMap({ $0 }) {
                #expect(table.schema.columns.first { $0.name == column }?.type == .string, "\(table.name).\(column)")
            }
        }
        #expect(throws: WarehouseError.self) { try Tables.named("nope") }
    }

    @Test func ordersAndFillsKeepMoneyExactAndReadAsDecimalInPyarrow() throws {
        let store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())
        let orderId = "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b"
        let orders = [
            OrderRecord(orderId: orderId, portfolioId: "p1", instrumentId: "i1", symbol: "AAPL", side: "buy", orderType: "limit",
                        quantity: Decimal(string: "12.12345678")!, limitPrice: Decimal(string: "189.99")!, status: "pending",
                        currency: "USD", createdTimeNanos: Self.t0, eventTimeNanos: Self.t0, ingestTimeNanos: Self.t0 + 1),
            OrderRecord(orderId: UUID().uuidString, portfolioId: "p1", instrumentId: "i1", symbol: "AAPL", side: "sell", orderType: "market",
                        quantity: Decimal(string: "99999999999.99999999")!, limitPrice: nil, status: "filled",
                        currency: "USD", createdTimeNanos: Self.t0, eventTimeNanos: Self.t0 + 5, ingestTimeNanos: Self.t0 + 6),
        ]
        let fills = [
            FillRecord(fillId: UUID().uuidString, orderId: orderId, portfolioId: "p1", instrumentId: "i1", symbol: "AAPL", side: "buy",
                       quantity: Decimal(string: "12.12345678")!, price: Decimal(string: "189.98")!,
                       notional: Decimal(string: "2303.22")!, fee: Decimal(string: "-0.01")!, currency: "USD",
                       eventTimeNanos: Self.t0 + 9, ingestTimeNanos: Self.t0 + 10),
        ]
        try store.append(try Tables.orderRows.encode(orders), to: Tables.orders)
        try store.append(try Tables.fillRows.encode(fills), to: Tables.fills)
        let back = try TableScanner(store: store).collect(ScanRequest(table: Tables.orders, columns: ["order_id", "quantity", "limit_price"]))
        #expect(back.column("quantity")!.value(at: 1) == .decimal(Decimal(string: "99999999999.99999999")!))
        #expect(back.column("limit_price")!.value(at: 1) == .null)
        #expect(BatchFormatter.lines(back, format: .csv)[0] == "\(orderId),12.12345678,189.99")

        let snapshot = try store.catalog.current()
        let fillPath = store.absolutePath(snapshot.files(of: "fills")[0])
        let output = try WarehouseFixtures.python("""
        import sys, pyarrow.parquet as pq
        t = pq.read_table(sys.argv[1])
        print(t.schema.field('notional').type, t.schema.field('quantity').type, t.column('fee')[0].as_py(), t.column('quantity')[0].as_py())
        """, [fillPath])
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "decimal128(20, 2) decimal128(20, 8) -0.01 12.12345678")
    }

    @Test func sinkTablesEncodeModelValues() throws {
        let bar = Bar(instrumentId: "i1", symbol: "AAPL", interval: .oneMinute, windowStartNanos: Self.t0, open: 1, high: 2, low: 0.5,
                      close: 1.5, volume: 10, vwap: 1.2, tradeCount: 3, currency: "USD", notionalBase: 12, baseCurrency: "USD",
                      eventTimeNanos: Self.t0 + 60_000_000_000, ingestTimeNanos: Self.t0 + 60_000_000_001)
        let batch = try Tables.barRows.encode([bar])
        #expect(batch.schema == Tables.bars(.oneMinute).schema)
        #expect(batch.column("window_end")!.value(at: 0) == .int64(bar.windowEndNanos))
        let flow = ClientFlow(id: "f1", clientId: "c1", portfolioId: "p1", kind: .redemption,
                              amount: Money(amount: Decimal(string: "1000000.25")!, currency: "EUR"), eventTimeNanos: Self.t0, ingestTimeNanos: Self.t0)
        let flows = try Tables.clientFlowRows.encode([flow])
        #expect(flows.column("amount")!.value(at: 0) == .decimal(Decimal(string: "1000000.25")!))
        let metric = RiskMetric(portfolioId: "p1", kind: .valueAtRisk, method: .historical, confidence: 0.99, horizonDays: 1,
                                value: 12_345.6, currency: "USD", eventTimeNanos: Self.t0, ingestTimeNanos: Self.t0)
        let metrics = try Tables.riskMetricRows.encode([metric])
        #expect(metrics.column("instrument_id")!.value(at: 0) == .null)
        #expect(metrics.column("kind")!.value(at: 0) == .string("var"))
    }

    @Test func partitionDatesRoundTrip() throws {
        for text in ["1970-01-01", "2000-02-29", "2025-11-21", "2100-12-31", "1969-12-31"] {
            #expect(try PartitionDate(parsing: text).description == text)
        }
        #expect(try PartitionDate(parsing: "2025-11-21").startNanos == Self.t0)
        #expect(PartitionDate(nanos: Self.t0 - 1).description == "2025-11-20")
        #expect(throws: WarehouseError.self) { try PartitionDate(parsing: "2025-02-30") }
        #expect(throws: WarehouseError.self) { try PartitionDate(parsing: "21/11/2025") }
    }
}
