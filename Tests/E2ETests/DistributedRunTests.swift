import Foundation
import Model
import Testing
import TickFlowTestSupport

/// The distributed topology of `scripts/run-distributed`, every stage its own process (process, analytics, sink
/// warehouse, sink views, serve) on librdkafka's mock cluster, a real redis-server and a throwaway Postgres; a
/// separate `tickflow ingest` publishes a known set of simulated ticks. Checked through the API and the warehouse:
/// the bars are a plain fold of exactly those trades, the portfolio's VaR and the instruments' volatilities come
/// from their bars, anomalies name only those instruments, and the warehouse holds every tick once.
@Suite(.serialized) struct DistributedRunTests {
    @Test func separateProcessesOverKafkaRedisAndPostgres() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-distributed-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do {
            try await exercise(directory)
        } catch {
            // The stages' own logs say why; the directory goes with the test.
            let logs = (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/logs")) ?? []
            for name in logs.sorted() {
                let text = (try? String(contentsOfFile: "\(directory)/logs/\(name)", encoding: .utf8)) ?? ""
                print("--- \(name) (last 3,000 characters)\n\(text.suffix(3_000))")
            }
            throw error
        }
    }

    private func exercise(_ directory: String) async throws {
        let stack = try RunningTickflow(
            executable: Repository.path("scripts/run-distributed"),
            ["--bin", RunningTickflow.executable, "--dir", directory, "--interval", "1s", "--no-ingest"],
            portOption: "--port", log: "\(directory)/script.log")
        defer { stack.stop(signal: SIGTERM) }
        try await stack.eventually("the stack", attempts: 600) { stack.output.contains("run-distributed: ready") ? true : nil }
        let brokers = try String(contentsOfFile: "\(directory)/bootstrap", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)

        // An investor's portfolio, before the ticks: serve publishes its holdings to Kafka for the risk stage.
        let register = try await stack.request(
            .POST, "/api/v1/users/register", body: ["email": "quant@example.com", "password": "correct horse battery", "name": "Quant", "type": "investor"])
        #expect(register.status == 201, "\(register.json ?? "-")")
        let token = try await stack.login(email: "quant@example.com", password: "correct horse battery")
        let stocks = try await stack.request(.GET, "/api/v1/stocks?limit=6", token: token).object["items"] as? [[String: Any]] ?? []
        let held = stocks.compactMap { $0["id"] as? String }.prefix(4)
        #expect(held.count == 4)
        let portfolio = try await stack.request(
            .POST, "/api/v1/portfolios", token: token,
            body: ["name": "Core", "holdings": held.map { ["stockId": $0, "quantity": "100", "costBasis": "10000.00"] }])
        #expect(portfolio.status == 201, "\(portfolio.json ?? "-")")
        let portfolioId = try #require(portfolio.object["id"] as? String)

        // The ticks: 40 s of the simulator at 1,500 events/s, through a process of their own.
        let ingest = try Command.run(RunningTickflow.executable, [
            "ingest", "--source", "sim", "--brokers", brokers, "--rate", "1500", "--count", "60000", "--seed", "7",
        ])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let published = Self.counts(in: ingest.stdout)
        let trades = try #require(published["trade"]), quotes = try #require(published["quote"])
        #expect(trades > 1_000 && quotes > 10_000, "\(ingest.stdout)")

        // Every tick once in the warehouse (the sink commits every 2 s).
        let stored = try await stack.eventually("every tick in the warehouse", attempts: 240) { () -> (trades: [[String]], quotes: [[String]])? in
            let tradeRows = try Self.query(directory, "trades", columns: "instrument_id,sequence,event_time,price,quantity")
            let quoteRows = try Self.query(directory, "quotes", columns: "instrument_id,sequence,event_time")
            return tradeRows.count >= trades && quoteRows.count >= quotes ? (tradeRows, quoteRows) : nil
        }
        #expect(stored.trades.count == trades)
        #expect(stored.quotes.count == quotes)
        let distinctQuotes = Set(stored.quotes.map { "\($0[0])/\($0[1])" }).count
        #expect(distinctQuotes == quotes, "no quote twice")
        let distinctTrades = Set(stored.trades.map { "\($0[0])/\($0[1])" }).count
        #expect(distinctTrades == trades, "no trade twice")

        // The 1-second bars the API serves are a plain fold of those trades, window by window.
        let instrument = held[held.startIndex]
        let expected = Self.bars(stored.trades.filter { $0[0] == instrument })
        // A window closes once its partition's watermark (newest event time − 2 s of lateness) passes its end; the
        // instrument's own newest tick bounds that from below.
        let newest = (stored.trades + stored.quotes).filter { $0[0] == instrument }.compactMap { Self.nanos($0[2]) }.max() ?? 0
        let closed = expected.keys.sorted().filter { ($0 + 3) * 1_000_000_000 <= newest }
        #expect(closed.count > 10)
        let from = closed.first!, to = closed.last! + 1
        let path = "/api/v1/market-data/bars/\(instrument)?interval=1s&from=\(Timestamp.iso8601(from * 1_000_000_000))&to=\(Timestamp.iso8601(to * 1_000_000_000))"
        var lastAnswer = "nothing"
        let served = try await stack.eventually("the bars of \(instrument) (\(closed.count) windows with trades; last answer: \(lastAnswer))") { () -> [[String: Any]]? in
            let answer = try await stack.request(.GET, path, token: token)
            let items = answer.object["items"] as? [[String: Any]] ?? []
            lastAnswer = "\(answer.status), \(items.count) bars from \(answer.object["source"] ?? "-")"
            return Set(items.compactMap { Self.seconds($0["windowStart"]) }).isSuperset(of: closed) ? items : nil
        }
        var traded = 0
        for bar in served {
            let start = try #require(Self.seconds(bar["windowStart"]))
            if bar["tradeCount"] as? Int == 0 {
                // A window without trades is filled forward (the stream's gap filling): no volume, no reference bar.
                #expect(bar["volume"] as? Double == 0 && expected[start] == nil, "gap-filled bar of \(start)")
                continue
            }
            traded += 1
            let reference = try #require(expected[start], "a bar for \(start) that no trade made")
            let close = bar["close"] as? Double ?? .nan, volume = bar["volume"] as? Double ?? .nan
            #expect(abs(close - reference.close) <= 1e-9 * reference.close, "close of \(start)")
            #expect(abs(volume - reference.volume) <= 1e-9 * max(1, reference.volume), "volume of \(start)")
            #expect(bar["tradeCount"] as? Int == reference.count, "trades of \(start)")
        }
        #expect(traded == closed.count, "every closed window with trades is served once")

        // Risk from those bars: the portfolio's parametric VaR, the holdings' volatilities.
        let dashboard = try await stack.eventually("the portfolio's VaR") { () -> [String: Any]? in
            let answer = try await stack.request(.GET, "/api/v1/risk/dashboard/\(portfolioId)", token: token).object
            let risk = answer["risk"] as? [[String: Any]] ?? []
            return risk.contains { $0["kind"] as? String == "var" && $0["method"] as? String == "parametric" } ? answer : nil
        }
        let volatility = dashboard["volatility"] as? [[String: Any]] ?? []
        #expect(!volatility.isEmpty)
        let asOf = (dashboard["risk"] as? [[String: Any]] ?? []).compactMap { Self.seconds($0["asOf"]) }
        #expect(asOf.allSatisfy { $0 >= from && $0 <= (expected.keys.max() ?? 0) + 2 }, "risk stamped with the ticks' bar times")

        // Anomalies (the simulator's jumps make some) name instruments that ticked, at times they ticked.
        let ticked = Set(stored.trades.map { $0[0] } + stored.quotes.map { $0[0] })
        let times = (stored.trades.compactMap { Self.nanos($0[2]) } + stored.quotes.compactMap { Self.nanos($0[2]) })
        let (first, last) = ((times.min() ?? 0) / 1_000_000_000, (times.max() ?? 0) / 1_000_000_000)
        let anomalies = try await stack.request(.GET, "/api/v1/market-data/anomalies?limit=100", token: token)
        #expect(anomalies.status == 200)
        for anomaly in anomalies.object["items"] as? [[String: Any]] ?? [] {
            let id = anomaly["instrumentId"] as? String ?? "-"
            #expect(ticked.contains(id), "anomaly of \(id), which did not tick")
            let time = Self.seconds(anomaly["eventTime"]) ?? 0
            #expect(time >= first && time <= last + 2, "anomaly at \(time), ticks from \(first) to \(last)")
        }
    }

    /// `  trade: N` lines of the ingest summary.
    static func counts(in summary: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in summary.split(separator: "\n") where line.hasPrefix("  ") && !line.hasPrefix("    ") {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: ":")
            if parts.count == 2, let count = Int(parts[1].trimmingCharacters(in: .whitespaces)) { counts[String(parts[0]), default: 0] += count }
        }
        return counts
    }

    /// Rows of a warehouse table as `tickflow query` prints them (CSV, header dropped).
    static func query(_ directory: String, _ table: String, columns: String) throws -> [[String]] {
        let output = try Command.check(RunningTickflow.executable, ["query", table, "--warehouse", "\(directory)/warehouse", "--columns", columns])
        return output.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    struct Window { var close: Double; var volume: Double; var count: Int; var lastTime: Int64 }

    /// 1-second windows of trades (`instrument_id,sequence,event_time,price,quantity`) by window start in seconds.
    static func bars(_ trades: [[String]]) -> [Int64: Window] {
        var windows: [Int64: Window] = [:]
        for row in trades {
            guard let time = nanos(row[2]), let price = Double(row[3]), let quantity = Double(row[4]) else { continue }
            let start = time / 1_000_000_000
            var window = windows[start] ?? Window(close: price, volume: 0, count: 0, lastTime: time)
            if time >= window.lastTime { window.close = price; window.lastTime = time }
            window.volume += quantity
            window.count += 1
            windows[start] = window
        }
        return windows
    }

    /// A timestamp as the API or the query tool writes it (ISO 8601 or ns), in whole seconds.
    static func seconds(_ value: Any?) -> Int64? {
        guard let text = value as? String else { return (value as? Int64).map { $0 / 1_000_000_000 } }
        return nanos(text).map { $0 / 1_000_000_000 }
    }

    static func nanos(_ text: String) -> Int64? {
        if let value = Int64(text) { return value }
        return try? Timestamp.parseISO8601(text)
    }
}
