import Analytics
import Foundation
import Model
import Stream

/// The state of one backtest while it replays: the operators, the strategy, the fills and the equity curve.
struct BacktestRun {
    let configuration: BacktestConfiguration
    private var strategy: any Strategy
    private var processor: TickProcessor
    private var analytics: AnalyticsPipeline
    private var simulator = FillSimulator()
    private var context: StrategyContext
    private let observe: ((StrategyEvent) -> Void)?
    private var output = OperatorOutput<TickOutput>(capacity: 8_192)
    private var analyticsInputs: [StreamRecord<AnalyticsInput>] = []
    private var analyticsOutput = OperatorOutput<AnalyticsOutput>()
    /// Replay position of the latest event the strategy saw: orders only fill on later ones.
    private var sequence: Int64 = 0
    private var records = 0
    private var bars = 0
    private var rejections = 0
    private var fills: [SimulatedFill] = []
    private var holdingsChanged = false
    private var holdingsTime = Int64.min
    private var equity: [EquityPoint] = []
    private var peak = -Double.infinity
    private var windowEnd = Int64.min
    private var varInForce: Double?
    private var varAtLastPoint: Double?
    private var losses: [Double] = []
    private var limits: [Double] = []

    init(
        configuration: BacktestConfiguration, strategy: any Strategy, setup: StrategySetup, processor: TickProcessor,
        observe: ((StrategyEvent) -> Void)?
    ) throws {
        self.configuration = configuration
        var strategy = strategy
        try strategy.prepare(setup)
        self.strategy = strategy
        self.processor = processor
        do {
            analytics = try AnalyticsPipeline(configuration: configuration.analytics, portfolios: configuration.seededPortfolios)
        } catch {
            throw BacktestError(.invalidConfiguration, context: "analytics", "\(error)", underlying: error)
        }
        context = StrategyContext(account: Account(cash: configuration.initialCash), nowNanos: configuration.fromNanos, configuration: configuration)
        self.observe = observe
    }

    /// Runs raw records through the stream stage and everything it emits through the rest.
    mutating func process(_ batch: [StreamRecord<TickInput>]) throws {
        records += batch.count
        do { try processor.process(batch, into: &output) } catch {
            throw BacktestError(.processing, context: "stream stage", "\(error)", underlying: error)
        }
        try dispatch()
    }

    /// Ends the replay: the stream stage's open windows, the last equity point, the figures.
    mutating func finish() throws -> BacktestResult {
        do { try processor.finish(into: &output) } catch {
            throw BacktestError(.processing, context: "stream stage", "\(error)", underlying: error)
        }
        try dispatch()
        if windowEnd != .min { recordPoint() }
        let values = equity.map { Money.double($0.equity) }
        let finalEquity = context.account.equity
        var exceptions = VaRExceptions(confidence: configuration.varConfidence, losses: losses, valueAtRisk: limits, test: nil)
        if !losses.isEmpty {
            exceptions.test = try? VaRBacktest(losses: losses, valueAtRisk: limits, confidence: configuration.varConfidence)
        }
        context.nowNanos = configuration.toNanos
        return BacktestResult(
            runId: configuration.runId, strategy: configuration.strategyName, parameters: configuration.parameters,
            fromNanos: configuration.fromNanos, toNanos: configuration.toNanos, instrumentIds: configuration.instrumentIds,
            interval: configuration.interval, initialCash: configuration.initialCash, recordsReplayed: records, bars: bars,
            rejections: rejections, fills: fills, openOrders: simulator.openOrders.count, equity: equity, finalEquity: finalEquity,
            totalReturn: Money.double(finalEquity) / Money.double(configuration.initialCash) - 1,
            sharpe: PerformanceMetrics.sharpe(
                returns: PerformanceMetrics.returns(values), periodsPerYear: configuration.analytics.periodsPerYear),
            maxDrawdown: PerformanceMetrics.maxDrawdown(values), varExceptions: exceptions,
            statistics: strategy.statistics(context: context))
    }

    /// Hands the stream stage's bars and books to the simulator, the strategy and the analytics, one at a time in
    /// emission order, so that risk derived from an event reaches the strategy before the next event.
    private mutating func dispatch() throws {
        rejections += output.rejections.count
        for index in output.records.indices {
            switch output.records[index].value.value {
            case .enriched: continue  // Not emitted by the engine's processor; ignored should one come.
            case .bar(let bar):
                guard bar.interval == configuration.interval else { continue }
                bars += 1
                sequence += 1
                if bar.windowEndNanos > windowEnd {
                    if windowEnd != .min { recordPoint() }
                    windowEnd = bar.windowEndNanos
                }
                applyFills(simulator.fill(on: bar, sequence: sequence))
                if bar.tradeCount > 0 { context.account.mark(bar.instrumentId, at: bar.close) }
                queueHoldings(at: bar.windowEndNanos)
                try decide(.bar(bar), at: bar.windowEndNanos)
                try analyze(.bar(bar))
            case .topOfBook(let book):
                sequence += 1
                applyFills(simulator.fill(on: book, sequence: sequence))
                queueHoldings(at: book.eventTimeNanos)
                try decide(.topOfBook(book), at: book.eventTimeNanos)
                try analyze(.topOfBook(book))
            }
        }
        output.records.removeAll(keepingCapacity: true)
        output.rejections.removeAll(keepingCapacity: true)
    }

    /// Runs the analytics stages on an input (after any queued holdings) and hands their risk metrics on.
    private mutating func analyze(_ input: AnalyticsInput) throws {
        analyticsInputs.append(input.record)
        do { try analytics.process(analyticsInputs, into: &analyticsOutput) } catch {
            throw BacktestError(.processing, context: "analytics stages", "\(error)", underlying: error)
        }
        analyticsInputs.removeAll(keepingCapacity: true)
        guard !analyticsOutput.records.isEmpty else { return }
        let produced = analyticsOutput.records
        analyticsOutput.records.removeAll(keepingCapacity: true)
        analyticsOutput.rejections.removeAll(keepingCapacity: true)
        for record in produced {
            guard case .risk(let metric) = record.value else { continue }
            if metric.portfolioId == configuration.portfolioId, metric.instrumentId.isEmpty, metric.kind == .valueAtRisk,
                metric.method == .parametric, metric.horizonDays == 1, abs(metric.confidence - configuration.varConfidence) < 1e-9
            {
                varInForce = metric.value
            }
            sequence += 1
            try decide(.risk(metric), at: metric.eventTimeNanos)
        }
    }

    private mutating func decide(_ event: StrategyEvent, at time: Int64) throws {
        observe?(event)
        context.nowNanos = time
        for request in strategy.on(event, context: context) {
            try simulator.submit(request, createdNanos: time, sequence: sequence)
        }
    }

    private mutating func applyFills(_ new: [SimulatedFill]) {
        for fill in new {
            context.account.apply(fill)
            strategy.onFill(fill, context: context)
            fills.append(fill)
            holdingsChanged = true
        }
    }

    /// After fills, the run's positions go to the portfolio stage as its holdings, before the event that made them.
    private mutating func queueHoldings(at time: Int64) {
        guard holdingsChanged else { return }
        holdingsChanged = false
        // A bar is as of its window end, earlier than the book before it: holdings older than those in force are
        // ignored by the portfolio stage, so their time never goes back.
        holdingsTime = max(holdingsTime, time)
        let positions = context.account.positions.sorted { $0.key < $1.key }.map {
            PortfolioHoldings.Position(instrumentId: $0.key, quantity: $0.value)
        }
        let holdings = PortfolioHoldings(
            portfolioId: configuration.portfolioId, baseCurrency: configuration.baseCurrency, positions: positions, eventTimeNanos: holdingsTime,
            ingestTimeNanos: holdingsTime)
        analyticsInputs.append(AnalyticsInput.holdings(holdings).record)
    }

    /// The equity at the end of the current window; the window's loss against the VaR in force at its start.
    private mutating func recordPoint() {
        let account = context.account
        let value = account.equity, double = Money.double(value)
        if let previous = equity.last, let limit = varAtLastPoint, limit > 0 {
            losses.append(Money.double(previous.equity) - double)
            limits.append(limit / configuration.analytics.periodsPerDay.squareRoot())
        }
        varAtLastPoint = account.positions.isEmpty ? nil : varInForce
        peak = max(peak, double)
        equity.append(
            EquityPoint(
                timeNanos: windowEnd, cash: account.cash, positionsValue: account.positionsValue, equity: value,
                drawdown: peak > 0 ? 1 - double / peak : 0))
    }
}
