import Foundation
import Testing
import TickFlowTestSupport

/// The dashboard against a real `tickflow run` (simulator → stream → views → API) in headless Chromium: the page
/// signs in with `?token=`, loads the quotes and bar history, follows the live stream, and renders the price
/// table, the candlestick chart and the portfolio; what it shows agrees with what the API answers.
@Suite struct DashboardTests {
    static let symbols = ["AAPL", "MSFT", "JPM"]
    /// The portfolio's holding: 10 AAPL.
    static let quantity = 10.0

    /// What the test takes from the page once it is ready.
    struct Rendered: Sendable {
        var stats: String
        var dom: String
        var png: Data
    }

    /// Ready: the stream is live, every row of the table is priced, candles are drawn (history and live bars), and
    /// the portfolio is listed. Risk is not required: until analytics feed it the page says it waits for it.
    static func ready(_ stats: [String: Any]) -> Bool {
        let prices = stats["prices"] as? [String: Any] ?? [:]
        let candles = stats["candles"] as? [String: Any] ?? [:]
        let portfolios = stats["portfolios"] as? [String: Any] ?? [:]
        let live = stats["stream"] as? String == "live"
        let priced = prices["points"] as? Int == symbols.count
        let drawn = (candles["points"] as? Int ?? 0) > 0 && (candles["liveUpdates"] as? Int ?? 0) > 0
        let risked = (portfolios["riskMetrics"] as? Int ?? 0) > 0
        return live && priced && drawn && portfolios["count"] as? Int == 1 && risked
    }

    /// The groups of `pattern`'s matches in `text`.
    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (1..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    /// The `items` of a list answer.
    static func items(_ answer: RunningTickflow.Answer) -> [[String: Any]] {
        answer.object["items"] as? [[String: Any]] ?? []
    }

    /// A big-endian unsigned integer (PNG header fields).
    static func bigEndian(_ bytes: ArraySlice<UInt8>) -> Int {
        var value = 0
        for byte in bytes { value = value << 8 | Int(byte) }
        return value
    }

    /// A number as the page formats it ("1,234.50", "1,662.30 USD").
    static func number(_ text: String) -> Double? {
        Double(text.replacingOccurrences(of: ",", with: "").split(separator: " ").first.map(String.init) ?? "")
    }

    @Test func theDashboardRendersLivePricesCandlesAndThePortfolio() async throws {
        // A modest rate, as in EmbeddedRunTests: the debug binary on two loaded cores keeps up with it, and it trades
        // every stock shown often enough for 1 s bars with returns, which the portfolio's VaR needs.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-dashboard-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var keep = true
        defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }
        let run = try RunningTickflow(["run", "--data", "\(directory)/data", "--rate", "1500", "--bcrypt-cost", "4"], log: "\(directory)/run.log")
        // Not a test of the shutdown (EmbeddedRunTests has that): a stuck one must not hold the suite.
        defer { run.stop(signal: SIGKILL) }
        try await run.eventually("the API") { try await run.request(.GET, "/health").status == 200 ? true : nil }
        let email = "dash-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let registered = try await run.request(.POST, "/api/v1/users/register", body: ["email": email, "password": "correct horse battery", "name": "Dash"])
        let token = try #require(registered.object["accessToken"] as? String, "register answered \(registered.status)")
        let created = try await run.request(
            .POST, "/api/v1/portfolios", token: token,
            body: ["name": "E2E", "holdings": [["stockId": "AAPL", "quantity": "\(Int(Self.quantity))", "costBasis": "1800"]]])
        #expect(created.status == 201)
        let portfolioId = try #require(created.object["id"] as? String)
        let stocks = try await run.request(.GET, "/api/v1/stocks?limit=1000")
        var ids: [String: String] = [:]
        for item in Self.items(stocks) {
            if let symbol = item["symbol"] as? String, let id = item["id"] as? String { ids[symbol] = id }
        }
        let expectedIds = try Self.symbols.map { try #require(ids[$0], "\($0) is not in /stocks") }
        let list = Self.symbols.joined(separator: ",")
        try await run.eventually("quotes of \(list)") {
            Self.items(try await run.request(.GET, "/api/v1/market-data/quotes?instrumentIds=\(list)", token: token)).count == Self.symbols.count ? true : nil
        }

        let browser = try await HeadlessChromium.launch(in: directory)
        defer { browser.stop() }
        let url = "http://127.0.0.1:\(run.port)/dashboard?token=\(token)&instruments=\(list)&chart=AAPL&interval=1s"
        let rendered = try await browser.withPage(url) { page in
            var stats = "null"
            _ = try await eventually(timeout: .seconds(240)) {
                stats = try await page.evaluate("JSON.stringify(window.tickflowDashboard ? window.tickflowDashboard.stats() : null)") as? String ?? "null"
                // The stats count every risk event, instruments' volatilities too: the portfolio's own shows in its status.
                let risked = try await page.evaluate("(document.getElementById('risk-status')?.textContent ?? '').startsWith('risk as of')") as? Bool ?? false
                return risked && ((try? JSONSerialization.jsonObject(with: Data(stats.utf8)) as? [String: Any]).map(Self.ready) ?? false)
            }
            // The stats and the DOM of one moment (one evaluation: the page does not redraw in between).
            let snapshot = try await page.evaluate(
                "JSON.stringify({ stats: window.tickflowDashboard.stats(), dom: document.documentElement.outerHTML })") as? String ?? "{}"
            let object = try JSONSerialization.jsonObject(with: Data(snapshot.utf8)) as? [String: Any] ?? [:]
            let taken = try (object["stats"]).map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) } ?? stats
            return Rendered(stats: taken, dom: object["dom"] as? String ?? "", png: try await page.screenshot())
        }
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(rendered.stats.utf8)) as? [String: Any], "no stats: \(rendered.stats)")
        #expect(Self.ready(stats), "the page did not get ready: \(rendered.stats)\n\(run.output.suffix(3_000))")

        // The screenshot: a PNG of the 1280-pixel-wide window (its height is the window's less the browser's frame).
        let screenshot = "\(directory)/dashboard.png"
        try rendered.png.write(to: URL(fileURLWithPath: screenshot))
        let png = [UInt8](rendered.png)
        #expect(png.count > 24 && Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let width = png.count > 24 ? Self.bigEndian(png[16..<20]) : 0
        let height = png.count > 24 ? Self.bigEndian(png[20..<24]) : 0
        #expect(width == 1280 && height > 0, "screenshot \(width)×\(height)")

        // The price table: one priced row per instrument asked for, in order, named as /stocks names them.
        let dom = rendered.dom
        let rows = Self.matches(#"<tr data-instrument-id="([^"]+)" data-symbol="([^"]+)">(.*?)</tr>"#, in: dom)
        #expect(rows.map { $0[1] } == Self.symbols)
        #expect(rows.map { $0[0] } == expectedIds)
        #expect(Self.matches(#"<table id="prices" data-points="(\d+)""#, in: dom).first == ["\(Self.symbols.count)"])
        let quotes = try await run.request(.GET, "/api/v1/market-data/quotes?instrumentIds=\(list)", token: token)
        var mids: [String: Double] = [:]
        for item in Self.items(quotes) {
            if let id = item["instrumentId"] as? String, let quote = item["quote"] as? [String: Any], let mid = quote["mid"] as? Double { mids[id] = mid }
        }
        for row in rows {
            let cells = Dictionary(Self.matches(#"<td class="(\w+)[^"]*">([^<]*)</td>"#, in: row[2]).map { ($0[0], $0[1]) }) { first, _ in first }
            let last = try #require(cells["last"].flatMap(Self.number), "\(row[1]): no last price in \(row[2])")
            let bid = try #require(cells["bid"].flatMap(Self.number), "\(row[1]): no bid")
            let ask = try #require(cells["ask"].flatMap(Self.number), "\(row[1]): no ask")
            #expect(bid > 0 && bid <= ask, "\(row[1]): bid \(bid), ask \(ask)")
            // The simulator moves prices by fractions of a percent a second: the page's price is the API's, recently.
            let mid = try #require(mids[row[0]], "the API has no quote of \(row[1])")
            #expect(abs(last - mid) / mid < 0.05, "\(row[1]): the page shows \(last), the API's mid is \(mid)")
        }

        // The candlestick chart: candles drawn, as many as its data-points attribute says, and its oldest bar is
        // the API's bar of that window.
        let candles = try #require(stats["candles"] as? [String: Any])
        let points = try #require(candles["points"] as? Int)
        #expect(points > 0)
        #expect(candles["symbol"] as? String == "AAPL")
        #expect(Self.matches(#"<canvas id="candles"[^>]*data-points="(\d+)""#, in: dom).first == ["\(points)"])
        let first = try #require(candles["first"] as? [String: Any])
        let firstStart = try #require(first["windowStart"] as? String)
        let bars = try await run.request(.GET, "/api/v1/market-data/bars/AAPL?interval=1s&from=\(firstStart)", token: token)
        #expect(bars.status == 200)
        #expect(Self.items(bars).count >= points, "the chart drew \(points) bars, the API has \(Self.items(bars).count) since \(firstStart)")
        let same = try #require(Self.items(bars).first { $0["windowStart"] as? String == firstStart }, "the API has no bar at \(firstStart)")
        for field in ["open", "high", "low", "close"] {
            #expect(same[field] as? Double == first[field] as? Double, "\(field) of the bar at \(firstStart)")
        }

        // The portfolio: listed, valued at about 10 × AAPL's price; its risk is shown or awaited, never an error.
        let portfolioRow = try #require(Self.matches(#"<tr data-portfolio-id="\#(portfolioId)">(.*?)</tr>"#, in: dom).first)
        let value = try #require(Self.matches(#"<td class="value">([^<]*)</td>"#, in: portfolioRow[0]).first.flatMap { Self.number($0[0]) })
        let aaplMid = try #require(mids[expectedIds[0]])
        #expect(abs(value - Self.quantity * aaplMid) / (Self.quantity * aaplMid) < 0.05, "portfolio value \(value), 10 × AAPL mid \(aaplMid)")
        // Its VaR, from the run's analytics stages: a parametric 1-day figure, positive and below the value.
        let riskStatus = try #require(Self.matches(#"<p id="risk-status"[^>]*>([^<]*)</p>"#, in: dom).first?.first)
        #expect(riskStatus.hasPrefix("risk as of"), "risk status: \(riskStatus)")
        let varCell = try #require(Self.matches(#"<td class="var">([^<]*)</td>"#, in: portfolioRow[0]).first?.first)
        let parametric = Self.matches(#"parametric 99%/1d ([0-9.,]+)"#, in: varCell).first.flatMap { Self.number($0[0]) }
        let oneDayVaR = try #require(parametric, "VaR cell: \(varCell)")
        #expect(oneDayVaR > 0 && oneDayVaR < value, "99 % 1-day VaR \(oneDayVaR) of a portfolio worth \(value)")
        keep = false
    }
}
