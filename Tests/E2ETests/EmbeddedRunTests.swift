import Foundation
import Testing
import TickFlowTestSupport

/// `tickflow run`, the embedded default, as a user starts it: the simulator's ticks through the stream and analytics
/// stages to the API, the demo accounts seeded on the first start, their portfolios risked from the live bars,
/// orders priced from the live quotes, a graceful stop on Ctrl-C, and a second start that resumes.
@Suite(.serialized) struct EmbeddedRunTests {
    static let arguments = ["run", "--rate", "1500", "--bcrypt-cost", "4", "--analytics-interval", "1s"]

    @Test func seedsRisksTradesAndResumes() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-run-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)

        let first = try RunningTickflow(Self.arguments + ["--data", data], log: "\(data)/first.log")
        let token = try await first.login(email: "investor@tickflow.demo", password: "tickflow-demo")
        let portfolios = try await first.request(.GET, "/api/v1/portfolios", token: token).object["items"] as? [[String: Any]] ?? []
        let names = Set(portfolios.compactMap { $0["name"] as? String })
        #expect(names == ["Demo diversified", "Demo concentrated"])
        let portfolioId = try #require(portfolios.first { $0["name"] as? String == "Demo diversified" }?["id"] as? String)
        let holdings = try #require((portfolios.first { $0["id"] as? String == portfolioId }?["holdings"] as? [[String: Any]]))
        let instrumentId = try #require(holdings.first?["stockId"] as? String)

        // The stream's quotes reach the API, and orders fill at their touch, not at a reference mark.
        let quote = try await first.eventually("a quote of \(instrumentId)") { () -> [String: Any]? in
            try await first.request(.GET, "/api/v1/market-data/quotes/\(instrumentId)", token: token).object["quote"] as? [String: Any]
        }
        let ask = try #require(quote["ask"] as? Double)
        let order = try await first.request(
            .POST, "/api/v1/orders", token: token, body: ["stockId": instrumentId, "side": "buy", "type": "market", "quantity": "2"])
        #expect(order.status == 201)
        #expect(order.object["status"] as? String == "filled")
        let fillPrice = try #require(Double(order.object["fillPrice"] as? String ?? ""))
        let fillToAsk = abs(fillPrice - ask) / ask
        #expect(fillToAsk < 0.02, "filled at \(fillPrice), the ask was \(ask)")
        let orderId = try #require(order.object["id"] as? String)

        // The analytics risk the demo portfolio from the live bars: VaR by the parametric method, volatilities.
        let dashboard = try await first.eventually("the demo portfolio's parametric VaR") { () -> [String: Any]? in
            let answer = try await first.request(.GET, "/api/v1/risk/dashboard/\(portfolioId)", token: token)
            let risk = answer.object["risk"] as? [[String: Any]] ?? []
            return risk.contains { $0["kind"] as? String == "var" && $0["method"] as? String == "parametric" } ? answer.object : nil
        }
        let risk = dashboard["risk"] as? [[String: Any]] ?? []
        let parametric = risk.filter { $0["kind"] as? String == "var" && $0["method"] as? String == "parametric" }
        #expect(parametric.allSatisfy { ($0["value"] as? Double ?? 0) > 0 })
        let value = dashboard["value"] as? Double ?? 0
        #expect(value > 0)
        let volatility = dashboard["volatility"] as? [[String: Any]] ?? []
        #expect(!volatility.isEmpty)
        #expect(first.output.contains("Demo diversified VaR99 1d: "), "the progress line shows the demo VaR")

        #expect(first.stop(signal: SIGINT) == 0, "graceful stop; log:\n\(first.output.suffix(3_000))")
        #expect(first.output.contains("demo accounts seeded"))
        #expect(first.output.contains("stopped: "))
        let parquet = FileManager.default.enumerator(atPath: "\(data)/warehouse")?.compactMap { $0 as? String }.filter { $0.hasSuffix(".parquet") } ?? []
        #expect(parquet.contains { $0.contains("bars") }, "bars in the warehouse: \(parquet.prefix(10))")

        // The second start resumes: the stages' snapshots, the same ledger and accounts, no second seeding.
        let second = try RunningTickflow(Self.arguments + ["--data", data], log: "\(data)/second.log")
        let again = try await second.login(email: "investor@tickflow.demo", password: "tickflow-demo")
        let orders = try await second.request(.GET, "/api/v1/orders", token: again).object["items"] as? [[String: Any]] ?? []
        #expect(orders.contains { $0["id"] as? String == orderId })
        let ids = (try await second.request(.GET, "/api/v1/portfolios", token: again).object["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.count == 2 && ids.contains(portfolioId))
        _ = try await second.eventually("a quote after the restart") { () -> Bool? in
            try await second.request(.GET, "/api/v1/market-data/quotes/\(instrumentId)", token: again).status == 200 ? true : nil
        }
        #expect(second.stop(signal: SIGINT) == 0, "graceful stop; log:\n\(second.output.suffix(3_000))")
        #expect(second.output.contains("resuming from its snapshots"))
        #expect(!second.output.contains("demo accounts seeded"))
    }
}
