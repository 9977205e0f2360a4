import Foundation
import Model
import Testing
import Warehouse
@testable import Analytics

/// Fits and stress scenarios on a warehouse written into a temporary directory through the warehouse's own API.
@Suite struct WarehouseHistoryTests {
    typealias F = StageFixtures

    /// A fresh warehouse holding `bars`.
    static func warehouse(_ bars: [Bar], interval: BarInterval) throws -> (WarehouseStore, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-analytics-wh-\(UUID().uuidString)")
        let store = try WarehouseStore(root: directory.path)
        _ = try store.append(try Tables.barRows.encode(bars), to: Tables.bars(interval))
        return (store, directory)
    }

    /// GARCH(1,1) returns `rₜ = σₜ zₜ` simulated from known parameters.
    static func garchReturns(_ count: Int, omega: Double, alpha: Double, beta: Double, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        var variance = omega / (1 - alpha - beta)
        return (0..<count).map { _ in
            let r = variance.squareRoot() * generator.nextNormal()
            variance = omega + alpha * r * r + beta * variance
            return r
        }
    }

    /// `fit-garch`'s computation on 1,500 one-minute bars in a temp warehouse (one window re-published with a
    /// higher revision, which must win): the parameters are `arch`'s on the same returns within the tolerances
    /// of GARCH11Tests (ω 3 % relative after rescaling, α and β 3e-3, log-likelihood not below arch's by more than 1e-3); the
    /// file round-trips; an instrument without bars is reported, not fitted.
    @Test func fitGARCHOnWarehouseBarsMatchesArch() throws {
        let simulated = Self.garchReturns(1_500, omega: 2e-7, alpha: 0.09, beta: 0.88, seed: 17)
        var closes = [100.0]
        for r in simulated { closes.append(closes[closes.count - 1] * Foundation.exp(r)) }
        var bars = closes.enumerated().map { F.bar(1, window: $0.offset, close: $0.element) }
        bars.append(F.bar(1, window: 700, close: 1.0))  // revision 0 of window 700 again, lower than the one below
        bars[700] = F.bar(1, window: 700, close: closes[700], revision: 2)
        bars.swapAt(700, bars.count - 1)
        let (store, directory) = try Self.warehouse(bars, interval: .oneMinute)
        defer { try? FileManager.default.removeItem(at: directory) }

        let outcome = try GARCHFitting.fit(
            WarehouseBarHistory(store: store), interval: .oneMinute, instrumentIds: [F.instrument(1), F.instrument(9)])
        #expect(outcome.skipped.keys.sorted() == [F.instrument(9)])
        let entry = try #require(outcome.file.instruments[F.instrument(1)])
        #expect(entry.observations == 1_500)

        // The returns the fit saw are the simulated ones (revision 2 of window 700 won over revision 0). arch is
        // given them × 100, the scale its optimiser expects (at 1e-4 it stops at its starting values): GARCH is
        // scale-equivariant, ω scales by 100², α and β do not change, and the log-likelihood moves by T ln 100.
        let returns = try LogReturns.of(closes)
        let reference = try GARCH11Tests.archFit(returns.map { $0 * 100 })
        let omega = reference.omega / 10_000
        let logLikelihood = reference.loglikelihood + Double(returns.count) * Foundation.log(100)
        print("fit-garch on the warehouse: ω=\(entry.omega) α=\(entry.alpha) β=\(entry.beta) LL=\(entry.logLikelihood); arch (rescaled) ω=\(omega) α=\(reference.alpha) β=\(reference.beta) LL=\(logLikelihood)")
        #expect(entry.logLikelihood - logLikelihood > -1e-3)
        #expect(close(entry.omega, omega, relative: 0.03))
        #expect(close(entry.alpha, reference.alpha, absolute: 3e-3))
        #expect(close(entry.beta, reference.beta, absolute: 3e-3))

        let path = directory.appendingPathComponent("garch.json").path
        try outcome.file.write(path: path)
        let loaded = try GARCHParameterFile.load(path: path)
        #expect(loaded == outcome.file)
        var configuration = AnalyticsConfiguration()
        configuration.garch = loaded
        let stage = try InstrumentAnalyticsStage(configuration: configuration)
        #expect(stage.configuration.garch.instruments.count == 1)

        try Data(#"{"interval":"1m","instruments":{"x":{"omega":1e-6,"alpha":0.5,"beta":0.6,"logLikelihood":0,"observations":1}}}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect(throws: AnalyticsError.self) { try GARCHParameterFile.load(path: path) }
    }

    /// A historical window replayed on positions, by hand: instrument 1 opens the window at 100 and closes it at
    /// 90 (−10 %), instrument 2 goes 50 → 55 (+10 %); bars outside the window do not count; instrument 3 has no
    /// bar in it. Positions 1,000 / −500 / 300 → P&L −100, −50, 0; total −150.
    @Test func historicalStressReplaysAWarehouseWindow() throws {
        func daily(_ i: Int, day: Int, open: Double, close: Double) -> Bar {
            var bar = F.bar(i, window: day, close: close, interval: .oneDay)
            bar.open = open
            bar.high = max(open, close)
            bar.low = min(open, close)
            return bar
        }
        let bars = [
            daily(1, day: 0, open: 120, close: 101), daily(1, day: 1, open: 100, close: 97), daily(1, day: 2, open: 97, close: 95),
            daily(1, day: 3, open: 95, close: 90), daily(1, day: 4, open: 90, close: 60),
            daily(2, day: 1, open: 50, close: 52), daily(2, day: 3, open: 52, close: 55), daily(2, day: 5, open: 55, close: 80),
            daily(3, day: 5, open: 10, close: 11),
        ]
        let (store, directory) = try Self.warehouse(bars, interval: .oneDay)
        defer { try? FileManager.default.removeItem(at: directory) }
        let day = Timestamp.nanosPerDay
        let scenario = try HistoricalStressScenario(name: "days 1-3", fromNanos: F.start + day, toNanos: F.start + 4 * day)
        let positions = [
            HistoricalStressScenario.Position(instrumentId: F.instrument(1), marketValue: 1_000),
            HistoricalStressScenario.Position(instrumentId: F.instrument(2), marketValue: -500),
            HistoricalStressScenario.Position(instrumentId: F.instrument(3), marketValue: 300),
        ]
        let outcome = try scenario.run(on: positions, history: WarehouseBarHistory(store: store))
        #expect(close(outcome.returns[F.instrument(1)] ?? 0, -0.10, absolute: 1e-12))
        #expect(close(outcome.returns[F.instrument(2)] ?? 0, 0.10, absolute: 1e-12))
        #expect(outcome.missing == [F.instrument(3)])
        #expect(close(outcome.result.holdingPnL[0], -100, absolute: 1e-9))
        #expect(close(outcome.result.holdingPnL[1], -50, absolute: 1e-9))
        #expect(outcome.result.holdingPnL[2] == 0)
        #expect(close(outcome.result.pnl, -150, absolute: 1e-9))
        #expect(outcome.result.scenario == "days 1-3")
        #expect(throws: AnalyticsError.self) { try HistoricalStressScenario(name: "empty", fromNanos: 5, toNanos: 5) }
    }
}
