import Foundation
import Testing
import TickFlowTestSupport
@testable import Warehouse

/// `tickflow query` and `tickflow warehouse` against a warehouse the binary itself filled.
@Suite struct WarehouseCommandLineTests {
    static func tickflow(_ arguments: [String]) throws -> String {
        try Command.check(CrashRecoveryTests.tickflow, arguments).stdout
    }

    @Test func queryInfoCompactAndTimeTravel() throws {
        let root = try WarehouseFixtures.temporaryDirectory()
        _ = try Self.tickflow(["warehouse", "load-sample", "--warehouse", root, "--commits", "2", "--rows", "800"])
        let store = try WarehouseStore(root: root)
        let aapl = try TableScanner(store: store).collect(ScanRequest(table: Tables.trades, columns: ["price"], symbols: ["AAPL"]))

        let json = try Self.tickflow(["query", "trades", "--warehouse", root, "--symbols", "AAPL", "--columns", "symbol,price,event_time", "--format", "json"])
        let objects = try json.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect(objects.count == aapl.count)
        #expect(objects.allSatisfy { $0["symbol"] as? String == "AAPL" })
        let prices = objects.compactMap { $0["price"] as? Double }
        #expect(prices == Array(aapl.columns[0].doubleValues!))
        #expect((objects.first?["event_time"] as? String)?.hasPrefix("2025-11-21T00:00:") == true)

        let csv = try Self.tickflow(["query", "trades", "--warehouse", root, "--columns", "sequence,symbol", "--from", "2025-11-21T00:01:00Z", "--limit", "5"])
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "sequence,symbol")
        #expect(lines.count == 6)

        #expect(try Self.tickflow(["warehouse", "info", "--warehouse", root]).contains("trades: 2 files, 1 partitions"))
        _ = try Self.tickflow(["warehouse", "compact", "--warehouse", root, "--table", "trades"])
        #expect(try Self.tickflow(["warehouse", "info", "--warehouse", root]).contains("trades: 1 files, 1 partitions (2025-11-21…2025-11-21), 1600 rows"))
        let first = try Self.tickflow(["query", "trades", "--warehouse", root, "--version", "1", "--columns", "sequence"])
        #expect(first.split(separator: "\n").count == 801)

        let unknown = try Command.run(CrashRecoveryTests.tickflow, ["query", "nope", "--warehouse", root])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no table nope"))
    }
}
