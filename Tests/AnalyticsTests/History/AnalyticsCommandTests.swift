import Foundation
import Model
import Testing
import TickFlowTestSupport
@testable import Analytics

/// `tickflow analytics fit-garch` and `tickflow analytics stress` as child processes on a temp warehouse.
@Suite struct AnalyticsCommandTests {
    typealias F = StageFixtures

    static var tickflow: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tickflow").path
    }

    /// The command writes the parameters `GARCHFitting` computes on the same bars, which `run --garch` loads.
    @Test func fitGARCHWritesTheParameterFile() throws {
        let returns = WarehouseHistoryTests.garchReturns(800, omega: 1e-6, alpha: 0.1, beta: 0.85, seed: 4)
        var closes = [50.0]
        for r in returns { closes.append(closes[closes.count - 1] * Foundation.exp(r)) }
        let bars = closes.enumerated().map { F.bar(2, window: $0.offset, close: $0.element) }
        let (store, directory) = try WarehouseHistoryTests.warehouse(bars, interval: .oneMinute)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("garch.json").path

        let result = try Command.run(Self.tickflow, [
            "analytics", "fit-garch", "--warehouse", directory.path, "--instrument", F.instrument(2), "--interval", "1m", "--out", out,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote 1 instruments"))
        let written = try GARCHParameterFile.load(path: out)
        let expected = try GARCHFitting.fit(WarehouseBarHistory(store: store), interval: .oneMinute, instrumentIds: [F.instrument(2)])
        #expect(written == expected.file)

        let missing = try Command.run(Self.tickflow, [
            "analytics", "fit-garch", "--warehouse", directory.path, "--instrument", F.instrument(8), "--out", out + ".none",
        ])
        #expect(missing.status != 0)
        #expect(missing.stdout.contains("skipped \(F.instrument(8))"))
    }

    /// The command prints each position's return and P&L over the window and the total.
    @Test func stressPrintsThePnLOfAHistoricalWindow() throws {
        var first = F.bar(1, window: 0, close: 110, interval: .oneDay)
        first.open = 100
        first.high = 110
        let last = F.bar(1, window: 1, close: 75, interval: .oneDay)
        let (_, directory) = try WarehouseHistoryTests.warehouse([first, last], interval: .oneDay)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Command.run(Self.tickflow, [
            "analytics", "stress", "--warehouse", directory.path, "--from", "2025-11-21", "--to", "2025-11-23",
            "--position", "\(F.instrument(1))=2000", "--position", "\(F.instrument(5))=100",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\(F.instrument(1)) value=2000.0 return=-0.25 pnl=-500.0"))
        #expect(result.stdout.contains("\(F.instrument(5)) value=100.0 return=no data pnl=0.0"))
        #expect(result.stdout.contains("total pnl=-500.0"))
    }
}
