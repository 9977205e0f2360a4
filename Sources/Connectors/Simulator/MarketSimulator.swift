import Foundation
import Model
import Stream

/// A deterministic market simulator over the instrument master, usable as a ``FeedSource`` in-process or by
/// `tickflow ingest --source sim`.
///
/// Each step (``SimulatorConfiguration/stepNanos`` of simulated time):
/// - equities move by correlated returns from a ``FactorModel`` (market + sector factors, common stochastic
///   volatility, idiosyncratic jumps) and publish a quote whose spread widens with volatility; trades print inside
///   the spread with an intraday U-shaped intensity;
/// - bonds move by yield (a common rates factor plus noise) and are quoted in clean price, the yield in a
///   `tf-yield` header;
/// - options are priced by Black-Scholes off their underlying's mid, the greeks in a `tf-greeks` header;
/// - FX pairs follow correlated random walks (a common dollar factor);
/// - now and then a news story about a mover, its wording (and so its lexicon sentiment) leaning with the move,
///   and a client subscription or redemption.
public struct MarketSimulator: FeedSource {
    public let name = "simulator"
    /// The settings.
    public let configuration: SimulatorConfiguration
    /// The equity factor model (loadings in the order of ``equities``).
    public private(set) var model: FactorModel
    /// The simulated equities, bonds, options and FX pairs.
    public let equities: [Instrument], bonds: [Instrument], options: [Instrument], fxPairs: [Instrument]
    private let scorer: SentimentScorer?
    private let clock: @Sendable () -> Int64
    private var random: SeededGenerator
    private var time: Int64
    private var sessionStart: Int64
    private var steps = 0
    private(set) var equityMids: [Double]
    private var equityMoves: [Double]
    private var returns: [Double] = []
    private var yields: [Double]
    private let coupons: [Double]
    private let maturities: [Double]
    private var fxRates: [Double]
    private var underlyingIndex: [Int]
    private let sectorCount: Int
    private var sequence: UInt64 = 0
    private var pending: [FeedItem] = []
    private var pendingIndex = 0
    private var newsCount = 0, flowCount = 0

    /// Creates a simulator.
    ///
    /// - Parameters:
    ///   - master: the instruments to simulate.
    ///   - configuration: the settings.
    ///   - scorer: scores simulated news; `nil` leaves sentiment unset.
    ///   - clock: ingest-time clock.
    public init(master: InstrumentMaster, configuration: SimulatorConfiguration = .init(), scorer: SentimentScorer? = nil,
                clock: @escaping @Sendable () -> Int64 = WallClock.nowNanos) {
        self.configuration = configuration
        self.scorer = scorer
        self.clock = clock
        random = SeededGenerator(seed: configuration.seed)
        time = configuration.start
        sessionStart = configuration.start
        equities = master.instruments(of: .equity)
        bonds = master.instruments(of: .bond)
        fxPairs = master.instruments(of: .fx)
        let equityIndex = Dictionary(equities.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        options = master.instruments(of: .derivative).filter { $0.option.flatMap { equityIndex[$0.underlyingId] } != nil }
        underlyingIndex = options.map { equityIndex[$0.option!.underlyingId]! }
        let sectors = Array(Set(equities.map(\.sector))).sorted()
        let sectorIndex = Dictionary(uniqueKeysWithValues: sectors.enumerated().map { ($1, $0) })
        sectorCount = max(1, sectors.count)
        var setup = SeededGenerator(seed: configuration.seed ^ 0x5eed)
        model = FactorModel(
            marketVolatility: configuration.perStep(configuration.marketVolatility),
            sectorVolatility: configuration.perStep(configuration.sectorVolatility),
            jumpProbability: configuration.jumpProbability, jumpVolatility: configuration.jumpSize,
            volPersistence: configuration.volPersistence, volOfVol: configuration.volOfVol,
            loadings: equities.map { equity in
                FactorModel.Loading(
                    sector: sectorIndex[equity.sector] ?? 0, beta: 0.6 + 0.8 * setup.nextUniform(),
                    gamma: 0.5 + 0.5 * setup.nextUniform(),
                    idiosyncratic: configuration.perStep(configuration.idiosyncraticVolatility) * (0.7 + 0.6 * setup.nextUniform()))
            })
        // The draw is made for every equity, so that opening prices do not shift the rest of the random sequence.
        equityMids = equities.map { equity in
            let random = (20 + 480 * setup.nextUniform()).rounded()
            return configuration.initialPrices[equity.id].flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? random
        }
        equityMoves = Array(repeating: 0, count: equities.count)
        coupons = bonds.map { _ in 0.01 + 0.04 * setup.nextUniform() }
        yields = coupons.map { $0 + 0.005 * (setup.nextUniform() - 0.5) }
        maturities = bonds.map { Self.maturity(of: $0.symbol) }
        fxRates = fxPairs.map { Self.initialRate($0.symbol) }
    }

    /// The annualised volatility of equity `i` implied by the model at the current volatility level.
    public func annualVolatility(ofEquity i: Int) -> Double {
        let stepsPerYear = SimulatorConfiguration.tradingDays * Double(configuration.sessionNanos) / Double(configuration.stepNanos)
        return (model.variance(i) * stepsPerYear).squareRoot() * model.volatilityMultiplier
    }

    public mutating func next(maxItems: Int) async throws -> [FeedItem]? {
        var items: [FeedItem] = []
        items.reserveCapacity(maxItems)
        while items.count < maxItems {
            if pendingIndex == pending.count {
                pending.removeAll(keepingCapacity: true)
                pendingIndex = 0
                step()
            }
            let take = min(maxItems - items.count, pending.count - pendingIndex)
            items += pending[pendingIndex..<(pendingIndex + take)]
            pendingIndex += take
        }
        return items
    }

    /// Advances one step and queues its events.
    mutating func step() {
        steps += 1
        time += configuration.stepNanos
        if time - sessionStart >= configuration.sessionNanos {
            if configuration.overnightGaps { nextSession() } else { sessionStart = time }
        }
        let now = clock()
        let fraction = Double(time - sessionStart) / Double(configuration.sessionNanos)
        let intensity = SimulatorConfiguration.volumeProfile(fraction)
        var offset: Int64 = 0
        func stamp() -> Int64 { offset += 1_000; return time + offset }

        model.step(&random, sectors: sectorCount, into: &returns)
        for (i, equity) in equities.enumerated() {
            equityMids[i] *= exp(returns[i])
            equityMoves[i] += returns[i]
            let quote = makeQuote(equity, mid: equityMids[i], volatility: annualVolatility(ofEquity: i), time: stamp(), now: now)
            pending.append(.event(.market(.quote(quote), .equity)))
            if random.nextUniform() < configuration.baseTradeProbability * intensity * 2 {
                pending.append(.event(.market(.trade(makeTrade(equity, inside: quote, intensity: intensity, time: stamp(), now: now)), .equity)))
            }
        }
        let rates = configuration.perStep(0.01) * random.nextNormal()
        for (i, bond) in bonds.enumerated() {
            yields[i] = max(0.0001, yields[i] + rates + configuration.perStep(0.003) * random.nextNormal())
            let years = max(0.1, maturities[i] - Double(time - configuration.start) / 3.15576e16)
            let clean = BondMath.cleanPrice(couponRate: coupons[i], yield: yields[i], years: years)
            let quote = makeQuote(bond, mid: clean, volatility: 0.05, time: stamp(), now: now)
            let header = RecordHeader(name: "tf-yield", text: String(format: "%.6f", yields[i]))
            pending.append(.event(.annotated(.market(.quote(quote), .bond), headers: [header])))
        }
        for (k, option) in options.enumerated() where (steps + k) % 4 == 0 {
            let terms = option.option!
            let i = underlyingIndex[k]
            let years = Double(terms.expiryNanos - time) / 3.15576e16
            let sigma = annualVolatility(ofEquity: i)
            let valuation = BlackScholes.value(
                isCall: terms.right == .call, spot: equityMids[i], strike: terms.strike, years: years,
                rate: configuration.riskFreeRate, volatility: sigma)
            let quote = makeQuote(option, mid: max(valuation.price, option.tickSize), volatility: sigma, time: stamp(), now: now)
            let greeks = String(
                format: "spot=%.4f;vol=%.6f;years=%.6f;delta=%.6f;gamma=%.8f;vega=%.6f;theta=%.6f;rho=%.6f", equityMids[i], sigma,
                years, valuation.delta, valuation.gamma, valuation.vega, valuation.theta, valuation.rho)
            pending.append(.event(.annotated(.market(.quote(quote), .derivative), headers: [RecordHeader(name: "tf-greeks", text: greeks)])))
        }
        let dollar = configuration.perStep(0.07) * random.nextNormal()
        for (i, pair) in fxPairs.enumerated() {
            let base = pair.symbol.prefix(3), quoteCurrency = pair.symbol.dropFirst(3)
            let exposure = base == "USD" ? 1.0 : quoteCurrency == "USD" ? -1.0 : 0.0
            fxRates[i] *= exp(exposure * dollar + configuration.perStep(0.05) * random.nextNormal())
            let half = fxRates[i] * 0.00005
            pending.append(.event(.fx(FXRate(
                baseCurrency: String(base), quoteCurrency: String(quoteCurrency), rate: fxRates[i], bid: fxRates[i] - half,
                ask: fxRates[i] + half, source: "simulator", eventTimeNanos: stamp(), ingestTimeNanos: now))))
        }
        if random.nextUniform() < configuration.newsProbability { pending.append(.event(.news(makeNews(time: stamp(), now: now)))) }
        if random.nextUniform() < configuration.flowProbability { pending.append(.event(.flow(makeFlow(time: stamp(), now: now)))) }
    }

    private mutating func nextSession() {
        var day = Timestamp.floor(sessionStart, toMultipleOf: Timestamp.nanosPerDay) + Timestamp.nanosPerDay
        // 1970-01-01 was a Thursday: day 2 mod 7 is Saturday, 3 is Sunday.
        while [2, 3].contains((day / Timestamp.nanosPerDay) % 7) { day += Timestamp.nanosPerDay }
        sessionStart = day + (configuration.start - Timestamp.floor(configuration.start, toMultipleOf: Timestamp.nanosPerDay))
        time = sessionStart
    }

    private mutating func makeQuote(_ instrument: Instrument, mid: Double, volatility: Double, time: Int64, now: Int64) -> Quote {
        sequence += 1
        let tick = instrument.tickSize
        // The spread widens with volatility: 2 bp plus 20 bp per 100% of annualised volatility, at least a tick.
        let half = max(tick, mid * (2 + 20 * volatility) / 2e4)
        let bid = max(tick, ((mid - half) / tick).rounded(.down) * tick)
        let ask = max(bid + tick, ((mid + half) / tick).rounded(.up) * tick)
        let lot = instrument.lotSize
        return Quote(
            instrumentId: instrument.id, symbol: instrument.symbol, venue: instrument.venue, bidPrice: bid,
            bidSize: lot * Double(1 + random.index(20)), askPrice: ask, askSize: lot * Double(1 + random.index(20)),
            currency: instrument.currency, sequence: sequence, eventTimeNanos: time, ingestTimeNanos: now)
    }

    private mutating func makeTrade(_ instrument: Instrument, inside quote: Quote, intensity: Double, time: Int64, now: Int64) -> Trade {
        sequence += 1
        let tick = instrument.tickSize
        let ticks = Int(((quote.askPrice - quote.bidPrice) / tick).rounded())
        let price = quote.bidPrice + Double(random.index(ticks + 1)) * tick
        let lots = max(1, (exp(random.nextNormal()) * 100 * intensity).rounded())
        let side: AggressorSide = price >= quote.mid ? .buy : .sell
        return Trade(
            instrumentId: instrument.id, symbol: instrument.symbol, venue: instrument.venue, price: price,
            quantity: lots * instrument.lotSize, currency: instrument.currency, aggressorSide: side,
            tradeId: "SIM-\(sequence)", sequence: sequence, eventTimeNanos: time, ingestTimeNanos: now)
    }

    private static let upHeadlines = [
        "%@ shares surge as quarterly profit beats estimates", "%@ rallies after analyst upgrade",
        "%@ climbs on strong demand and record revenue", "%@ jumps as buyback boosts outlook",
    ]
    private static let downHeadlines = [
        "%@ shares tumble after earnings miss", "%@ falls as analyst downgrade weighs",
        "%@ slumps on weak guidance and margin concerns", "%@ drops amid regulatory probe",
    ]

    private mutating func makeNews(time: Int64, now: Int64) -> NewsItem {
        newsCount += 1
        // The story is about the biggest mover since the last story; its tone follows the move (80% of the time).
        let index = equityMoves.indices.max { abs(equityMoves[$0]) < abs(equityMoves[$1]) } ?? 0
        let move = equityMoves[index]
        equityMoves[index] = 0
        let bullish = (move >= 0) != (random.nextUniform() < 0.2)
        let templates = bullish ? Self.upHeadlines : Self.downHeadlines
        let symbol = equities[index].symbol
        let headline = String(format: templates[random.index(templates.count)], symbol)
        let body = "\(equities[index].name) (\(symbol)) moved \(String(format: "%+.2f", move * 100))% since the last report. $\(symbol)"
        return NewsItem(
            id: "SIM-NEWS-\(configuration.seed)-\(newsCount)", headline: headline, body: body, tickers: [symbol],
            source: "simulator", sentiment: scorer?.score(headline + ". " + body), eventTimeNanos: time, ingestTimeNanos: now)
    }

    private mutating func makeFlow(time: Int64, now: Int64) -> ClientFlow {
        flowCount += 1
        let cents = Int64((exp(random.nextNormal()) * 250_000 * 100).rounded())
        let currencies = ["USD", "USD", "USD", "EUR", "GBP"]
        return ClientFlow(
            id: "SIM-FLOW-\(configuration.seed)-\(flowCount)", clientId: String(format: "C%04d", 1 + random.index(50)),
            portfolioId: String(format: "P%03d", 1 + random.index(20)),
            kind: random.nextUniform() < 0.55 ? .subscription : .redemption,
            amount: Money(amount: Decimal(max(cents, 100)) / 100, currency: currencies[random.index(currencies.count)]),
            eventTimeNanos: time, ingestTimeNanos: now)
    }

    static func maturity(of symbol: String) -> Double {
        if let dash = symbol.lastIndex(of: "-"), let year = Double(symbol[symbol.index(after: dash)...]) { return max(1, year - 2026) }
        let digits = symbol.drop { !$0.isNumber }.prefix { $0.isNumber }
        return Double(digits) ?? 10
    }

    static func initialRate(_ pair: String) -> Double {
        let known: [String: Double] = [
            "EURUSD": 1.0875, "GBPUSD": 1.2650, "USDJPY": 151.20, "USDCHF": 0.8850, "AUDUSD": 0.6550, "USDCAD": 1.3750,
            "NZDUSD": 0.5950, "EURGBP": 0.8600, "EURJPY": 164.40, "USDCNH": 7.2300,
        ]
        return known[pair] ?? 1
    }
}
