import Connectors
import Foundation
import Model
import Stream
import Testing
import TickFlowTestSupport

@Suite struct MarketSimulatorTests {
    static func items(seed: UInt64 = 42, count: Int, configure: (inout SimulatorConfiguration) -> Void = { _ in }) async throws -> [FeedItem] {
        var configuration = SimulatorConfiguration(seed: seed)
        configure(&configuration)
        var simulator = MarketSimulator(master: Fixtures.master, configuration: configuration, scorer: Fixtures.scorer, clock: Fixtures.clock)
        var items: [FeedItem] = []
        while items.count < count, let batch = try await simulator.next(maxItems: min(5000, count - items.count)) { items += batch }
        return items
    }

    @Test func theSameSeedGivesTheSameEventsAndAnotherSeedOthers() async throws {
        let first = try await Self.items(count: 20_000)
        let second = try await Self.items(count: 20_000)
        let other = try await Self.items(seed: 7, count: 20_000)
        #expect(first == second)
        #expect(first != other)
        #expect(first.count == 20_000)
    }

    /// Market events' times across a close: with overnight gaps the clock jumps to the next weekday's open; without,
    /// the next session follows at once, steps apart, as a feed keeping to the wall clock needs.
    @Test(arguments: [true, false])
    func sessionsFollowTheirCloseWithOrWithoutAnOvernightGap(_ gaps: Bool) async throws {
        let items = try await Self.items(count: 4_000) { configuration in
            configuration.sessionNanos = 10 * configuration.stepNanos
            configuration.overnightGaps = gaps
        }
        let times = items.compactMap { item -> Int64? in
            guard case .event(let event) = item, case .market = event.base else { return nil }
            return event.eventTimeNanos
        }
        let largestGap = zip(times, times.dropFirst()).map { $1 - $0 }.max() ?? 0
        if gaps {
            #expect(largestGap > 12 * Timestamp.nanosPerHour, "the clock jumps overnight")
        } else {
            #expect(largestGap <= 2 * SimulatorConfiguration().stepNanos, "no jump: \(largestGap) ns")
            #expect(times.last! - times.first! > 20 * SimulatorConfiguration().stepNanos, "several sessions were simulated")
        }
    }

    @Test func returnCorrelationsMatchTheFactorModelOver100kSteps() async throws {
        // Jumps frequent enough that 100k steps sample them (the default, one per stock every five sessions, is not).
        var configuration = SimulatorConfiguration(seed: 5)
        configuration.jumpProbability = 0.002
        configuration.jumpSize = 3 * configuration.perStep(configuration.idiosyncraticVolatility)
        let simulator = MarketSimulator(master: Fixtures.master, configuration: configuration, clock: Fixtures.clock)
        var model = simulator.model
        var random = SeededGenerator(seed: 99)
        let steps = 100_000
        // Two assets from each of three sectors, plus one from a fourth.
        let sectorOf = simulator.equities.map(\.sector)
        var chosen: [Int] = []
        for sector in ["Information Technology", "Financials", "Energy", "Utilities"] {
            chosen += sectorOf.indices.filter { sectorOf[$0] == sector }.prefix(sector == "Utilities" ? 1 : 2)
        }
        var returns: [Double] = []
        var series = [[Double]](repeating: [], count: chosen.count)
        for _ in 0..<steps {
            model.step(&random, sectors: 11, into: &returns)
            for (k, i) in chosen.enumerated() { series[k].append(returns[i]) }
        }
        func correlation(_ x: [Double], _ y: [Double]) -> Double {
            let n = Double(x.count)
            let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
            var sxy = 0.0, sxx = 0.0, syy = 0.0
            for t in x.indices { sxy += (x[t] - mx) * (y[t] - my); sxx += (x[t] - mx) * (x[t] - mx); syy += (y[t] - my) * (y[t] - my) }
            return sxy / (sxx * syy).squareRoot()
        }
        var ours: [[Double]] = []
        for a in chosen.indices {
            var row: [Double] = []
            for b in chosen.indices {
                let sample = correlation(series[a], series[b])
                let implied = model.impliedCorrelation(chosen[a], chosen[b])
                // Tolerance 0.03: the sampling error of a correlation over 100k fat-tailed steps is about 0.005.
                #expect(abs(sample - implied) < 0.03, "assets \(chosen[a]), \(chosen[b]): sample \(sample), model \(implied)")
                row.append(sample)
            }
            ours.append(row)
        }
        #expect(ours[0][1] > 0.2 && ours[0][2] > 0.2, "a common market factor correlates everything")

        // numpy computes the same sample matrix from the same numbers (to 1e-9).
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-returns-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var flat: [Double] = []
        for k in chosen.indices { flat += series[k] }
        try flat.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
        let script = "import numpy as np,sys,json; a=np.fromfile(sys.argv[1]).reshape(\(chosen.count),\(steps)); print(json.dumps(np.corrcoef(a).tolist()))"
        let output = try Command.check(Repository.python, ["-c", script, path])
        let numpy = try JSONDecoder().decode([[Double]].self, from: Data(output.stdout.utf8))
        for a in chosen.indices {
            for b in chosen.indices { #expect(abs(numpy[a][b] - ours[a][b]) < 1e-9) }
        }
    }

    @Test func quotesHavePositiveSpreadsAndTradesPrintInsideThem() async throws {
        let items = try await Self.items(count: 60_000)
        let quotes = Fixtures.quotes(items)
        #expect(quotes.count > 40_000)
        #expect(quotes.allSatisfy { $0.bidPrice > 0 && $0.askPrice > $0.bidPrice && $0.bidSize > 0 && $0.askSize > 0 })
        var lastQuote: [String: Quote] = [:]
        var trades = 0
        for event in Fixtures.events(items) {
            switch event.base {
            case .market(.quote(let quote), _): lastQuote[quote.instrumentId] = quote
            case .market(.trade(let trade), _):
                let quote = try #require(lastQuote[trade.instrumentId])
                #expect(trade.price >= quote.bidPrice - 1e-9 && trade.price <= quote.askPrice + 1e-9)
                #expect(trade.quantity > 0)
                trades += 1
            default: break
            }
        }
        #expect(trades > 1000)
        let times = Fixtures.events(items).map(\.eventTimeNanos)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "event times strictly increase")
    }

    @Test func spreadsWidenWithVolatility() async throws {
        func meanRelativeSpread(_ volatility: Double) async throws -> Double {
            let quotes = Fixtures.quotes(try await Self.items(count: 20_000) { $0.idiosyncraticVolatility = volatility })
                .filter { $0.venue == "XNAS" || $0.venue == "XNYS" }
            return quotes.map { $0.spread / $0.mid }.reduce(0, +) / Double(quotes.count)
        }
        let calm = try await meanRelativeSpread(0.1), wild = try await meanRelativeSpread(0.8)
        #expect(wild > calm * 1.5)
    }

    @Test func intradayVolumeIsUShaped() {
        let samples = (0..<1000).map { SimulatorConfiguration.volumeProfile((Double($0) + 0.5) / 1000) }
        #expect(abs(samples.reduce(0, +) / 1000 - 1) < 1e-3)
        #expect(SimulatorConfiguration.volumeProfile(0) == 2)
        #expect(SimulatorConfiguration.volumeProfile(0.5) == 0.5)
        #expect(SimulatorConfiguration.volumeProfile(1) == 2)
    }

    @Test func optionsCarryBlackScholesGreeksAndBondsTheirYield() async throws {
        let items = try await Self.items(count: 30_000)
        var checked = 0
        for event in Fixtures.events(items) {
            guard case .annotated(.market(.quote(let quote), let assetClass), let headers) = event else { continue }
            if assetClass == .derivative {
                let text = String(decoding: try #require(headers.first { $0.name == "tf-greeks" }).value, as: UTF8.self)
                var fields: [String: Double] = [:]
                for pair in text.split(separator: ";") {
                    let parts = pair.split(separator: "=")
                    fields[String(parts[0])] = Double(parts[1])
                }
                let option = try #require(Fixtures.master.instrument(id: quote.instrumentId)?.option)
                let value = BlackScholes.value(
                    isCall: option.right == .call, spot: fields["spot"]!, strike: option.strike, years: fields["years"]!,
                    rate: 0.04, volatility: fields["vol"]!)
                #expect(abs(value.delta - fields["delta"]!) < 1e-5)
                #expect(quote.bidPrice <= max(value.price, 0.01) + 1e-9 && quote.askPrice >= value.price - 1e-9)
                checked += 1
            } else if assetClass == .bond {
                let yield = Double(String(decoding: try #require(headers.first { $0.name == "tf-yield" }).value, as: UTF8.self))!
                #expect(yield > 0 && yield < 0.1)
                #expect(quote.mid > 50 && quote.mid < 150)
            }
        }
        #expect(checked > 100)
    }

    @Test func newsLeansWithTheMoveAndFlowsAreExact() async throws {
        let items = try await Self.items(count: 400_000) { $0.newsProbability = 0.2; $0.flowProbability = 0.2 }
        let news = Fixtures.events(items).compactMap { if case .news(let item) = $0 { item } else { nil } }
        #expect(news.count > 50)
        var agree = 0
        for item in news {
            let moved = item.body.range(of: "moved ").map { item.body[$0.upperBound...].prefix { $0 != "%" } }
            let move = Double(moved.map(String.init) ?? "") ?? 0
            let sentiment = try #require(item.sentiment)
            #expect(Fixtures.master.instrument(symbol: item.tickers[0]) != nil)
            if (move >= 0) == (sentiment > 0) { agree += 1 }
        }
        // 80% of stories follow the move by construction; allow sampling noise.
        #expect(Double(agree) / Double(news.count) > 0.65)
        let flows = Fixtures.events(items).compactMap { if case .flow(let flow) = $0 { flow } else { nil } }
        #expect(flows.count > 50)
        #expect(flows.allSatisfy { $0.amount.amount > 0 && $0.amount.amount.exponent >= -2 })
        #expect(Set(flows.map(\.kind)) == [.subscription, .redemption])
    }
}
