import Analytics
import Model
import Serving
import Testing

@Suite struct LiveUpdatesTests {
    @Test func subscribersGetWhatTheyFollowInOrder() async throws {
        let hub = LiveUpdates()
        let apple = try hub.subscribe(.init(instrumentIds: [Views.aapl]))
        let portfolio = try hub.subscribe(.init(portfolioIds: ["pf-1"]))
        var risk = Views.risk("pf-1", .valueAtRisk, .parametric, confidence: 0.99, value: 52_000, at: 3)
        // An instrument-level metric (the per-instrument stage's volatility) goes to the instrument's followers.
        var volatility = Views.risk(InstrumentAnalyticsStage.portfolioId(ofInstrument: Views.aapl), .volatility, .ewma, confidence: 0, value: 0.012, at: 3)
        volatility.instrumentId = Views.aapl
        hub.publish([
            .quote(Views.quote(bid: 189.40, ask: 189.43, at: 1)), .quote(Views.quote(Views.sie, bid: 171, ask: 171.1, at: 1)),
            .bar(Views.bar(minute: 0, close: 189.5)), .risk(risk), .anomaly(Views.anomaly(score: 0.9, at: 2)), .risk(volatility),
        ])
        risk.value = 53_000
        hub.publish([.risk(risk)])
        hub.close()
        var seen: [MarketViewUpdate] = []
        for await case .update(let update) in apple { seen.append(update) }
        #expect(seen == [
            .quote(Views.quote(bid: 189.40, ask: 189.43, at: 1)), .bar(Views.bar(minute: 0, close: 189.5)), .anomaly(Views.anomaly(score: 0.9, at: 2)),
            .risk(volatility),
        ])
        var values: [Double] = []
        for await case .update(.risk(let metric)) in portfolio { values.append(metric.value) }
        #expect(values == [52_000, 53_000])
        #expect(throws: ServingError.self) { try hub.subscribe(.init(instrumentIds: [Views.aapl])) }
    }

    @Test func aSlowSubscriberIsSampledNotBuffered() async throws {
        let hub = LiveUpdates(configuration: .init(bufferPerSubscriber: 16))
        let slow = try hub.subscribe(.init(instrumentIds: [Views.aapl]))
        for step in 0..<10_000 { hub.publish([.quote(Views.quote(bid: 189 + Double(step) / 1e4, ask: 190, at: Int64(step)))]) }
        hub.close()
        var received: [Int64] = []
        for await case .update(.quote(let quote)) in slow { received.append(quote.eventTimeNanos - Views.open) }
        #expect(received == Array(9_984..<10_000), "only the 16 newest are kept")
        #expect(slow.dropped == 10_000 - 16)
    }

    @Test func cancelledAndDroppedSubscriptionsLeaveTheHub() throws {
        let hub = LiveUpdates(configuration: .init(maxSubscribers: 2))
        let first = try hub.subscribe(.init(instrumentIds: [Views.aapl]))
        do {
            let second = try hub.subscribe(.init(instrumentIds: [Views.sie]))
            #expect(hub.subscriberCount == 2)
            let refused = #expect(throws: ServingError.self) { try hub.subscribe(.init(instrumentIds: [Views.aapl])) }
            #expect(refused?.code == .rateLimited)
            _ = second
        }
        #expect(hub.subscriberCount == 1, "a subscription nobody holds is gone")
        first.cancel()
        #expect(hub.subscriberCount == 0)
    }

    @Test func heartbeatsReachEverySubscriberWhileTheHubRuns() async throws {
        let hub = LiveUpdates(configuration: .init(heartbeat: .milliseconds(20)))
        let quiet = try hub.subscribe(.init(instrumentIds: ["nothing-trades"]))
        let running = Task { try await hub.run() }
        var iterator = quiet.makeAsyncIterator()
        #expect(await iterator.next() == .heartbeat, "a follower of a silent instrument still hears from the hub")
        running.cancel()
        try await running.value
        #expect(hub.subscriberCount == 0, "stopping the hub ends its subscriptions")
    }
}
