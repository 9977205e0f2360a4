import Model
import Serving
import Testing

/// The market-view contract: every test runs against Redis and the in-memory store alike.
@Suite struct MarketViewStoreContractTests {
    @Test(arguments: ViewStoreKind.allCases)
    func quotesAndBooksKeepTheNewestEventTimeWhateverTheArrivalOrder(kind: ViewStoreKind) async throws {
        try await withViewStore(kind) { store in
            try await store.apply([
                .quote(Views.quote(bid: 189.42, ask: 189.45, at: 2_000)),
                .quote(Views.quote(bid: 189.40, ask: 189.44, at: 1_000)),  // late: older than what is held
                .quote(Views.quote(Views.sie, bid: 171.10, ask: 171.14, at: 1_500)),
                .topOfBook(Views.book(bid: 189.43, ask: 189.44, at: 3_000)),
                .topOfBook(Views.book(bid: 189.41, ask: 189.46, at: 2_500)),
            ])
            let quotes = try await store.quotes([Views.sie, "unknown", Views.aapl])
            #expect(quotes.map(\.instrumentId) == [Views.sie, Views.aapl], "found ones only, in the order asked")
            #expect(quotes.map(\.bidPrice) == [171.10, 189.42])
            let books = try await store.topsOfBook([Views.aapl])
            #expect(books == [Views.book(bid: 189.43, ask: 189.44, at: 3_000)])
            #expect(try await store.topsOfBook([]).isEmpty)

            // Same event time: the later write wins (a corrected replay).
            try await store.apply([.quote(Views.quote(bid: 189.41, ask: 189.45, at: 2_000))])
            #expect(try await store.quotes([Views.aapl]).map(\.bidPrice) == [189.41])
        }
    }

    @Test(arguments: ViewStoreKind.allCases)
    func aBarRevisionReplacesItsWindowAndAnOlderRevisionDoesNot(kind: ViewStoreKind) async throws {
        try await withViewStore(kind) { store in
            try await store.apply([
                .bar(Views.bar(minute: 0, close: 189.50)),
                .bar(Views.bar(minute: 1, close: 189.70)),
                .bar(Views.bar(minute: 1, close: 189.90, revision: 2)),  // a late trade re-emitted the bar
                .bar(Views.bar(minute: 1, close: 189.80, revision: 1)),  // an older revision arriving after
                .bar(Views.bar(minute: 2, close: 189.60)),
                .bar(Views.bar(minute: 1, close: 1.0, interval: .fiveMinutes)),  // another series
            ])
            let all = try await store.bars(Views.aapl, interval: .oneMinute, fromNanos: Views.open, toNanos: Views.open + 3 * Views.minute)
            #expect(all.map(\.close) == [189.50, 189.90, 189.60])
            #expect(all.map(\.revision) == [0, 2, 0])
            #expect(all[1] == Views.bar(minute: 1, close: 189.90, revision: 2), "the whole bar round-trips")

            // [from, to) on nanoseconds: a range starting one nanosecond after minute 1's start excludes it.
            let tail = try await store.bars(Views.aapl, interval: .oneMinute, fromNanos: Views.open + Views.minute + 1, toNanos: Views.open + 3 * Views.minute)
            #expect(tail.map(\.close) == [189.60])
            let head = try await store.bars(Views.aapl, interval: .oneMinute, fromNanos: Views.open, toNanos: Views.open + Views.minute)
            #expect(head.map(\.close) == [189.50])
            #expect(try await store.bars(Views.sie, interval: .oneMinute, fromNanos: 0, toNanos: .max).isEmpty)
            #expect(try await store.oldestBarStart(Views.aapl, interval: .oneMinute) == Views.open)
            #expect(try await store.oldestBarStart(Views.aapl, interval: .oneHour) == nil)
        }
    }

    @Test(arguments: ViewStoreKind.allCases)
    func seriesAndAnomaliesAreTrimmedToTheirLimits(kind: ViewStoreKind) async throws {
        let limits = MarketViewLimits(barsPerSeries: 5, anomalies: 4, anomaliesPerInstrument: 2)
        try await withViewStore(kind, limits: limits) { store in
            try await store.apply((0..<8).map { .bar(Views.bar(minute: $0, close: 189 + Double($0) / 10)) })
            let kept = try await store.bars(Views.aapl, interval: .oneMinute, fromNanos: 0, toNanos: .max)
            #expect(kept.map(\.windowStartNanos) == (3..<8).map { Views.open + $0 * Views.minute }, "the five newest windows")
            #expect(try await store.oldestBarStart(Views.aapl, interval: .oneMinute) == Views.open + 3 * Views.minute)

            try await store.apply((0..<6).map { .anomaly(Views.anomaly($0 % 2 == 0 ? Views.aapl : Views.sie, score: 0.8 + Double($0) / 100, at: Int64($0))) })
            let recent = try await store.anomalies(instrumentId: nil, limit: 10)
            #expect(recent.map(\.eventTimeNanos) == [5, 4, 3, 2].map { Views.open + $0 }, "newest first, four kept")
            let apple = try await store.anomalies(instrumentId: Views.aapl, limit: 10)
            #expect(apple.map(\.eventTimeNanos) == [4, 2].map { Views.open + $0 })
            #expect(apple.first == Views.anomaly(Views.aapl, score: 0.8 + Double(4) / 100, at: 4), "the whole anomaly round-trips")
            #expect(try await store.anomalies(instrumentId: nil, limit: 1).count == 1)
            #expect(try await store.anomalies(instrumentId: "unknown", limit: 5).isEmpty)
        }
    }

    @Test(arguments: ViewStoreKind.allCases)
    func riskMetricsAreTheLatestPerIdentityInAFixedOrder(kind: ViewStoreKind) async throws {
        try await withViewStore(kind) { store in
            var component = Views.risk("pf-1", .valueAtRisk, .parametric, confidence: 0.99, value: 4_100, at: 10)
            component.instrumentId = Views.aapl
            try await store.apply([
                .risk(Views.risk("pf-1", .valueAtRisk, .parametric, confidence: 0.99, value: 52_300, at: 20)),
                .risk(Views.risk("pf-1", .valueAtRisk, .parametric, confidence: 0.99, value: 51_000, at: 10)),  // older
                .risk(Views.risk("pf-1", .expectedShortfall, .historical, confidence: 0.975, value: 61_800, at: 20)),
                .risk(Views.risk("pf-1", .valueAtRisk, .parametric, confidence: 0.95, value: 37_000, at: 20)),
                .risk(component),
                .risk(Views.risk("pf-2", .valueAtRisk, .monteCarlo, confidence: 0.99, value: 9_900, at: 5)),
            ])
            let metrics = try await store.riskMetrics(portfolioId: "pf-1")
            #expect(metrics.map(\.value) == [61_800, 37_000, 52_300, 4_100])
            #expect(metrics.map(\.eventTimeNanos) == [20, 20, 20, 10].map { Views.open + $0 })
            #expect(try await store.riskMetrics(portfolioId: "pf-2").map(\.method) == [.monteCarlo])
            #expect(try await store.riskMetrics(portfolioId: "none").isEmpty)
        }
    }

    @Test(arguments: ViewStoreKind.allCases)
    func instrumentsRoundTripWithTheirReferenceData(kind: ViewStoreKind) async throws {
        try await withViewStore(kind) { store in
            let apple = Instrument(
                id: Views.aapl, symbol: "AAPL", name: "Apple Inc.", assetClass: .equity, currency: "USD", sector: "Technology",
                region: "North America", venue: "XNAS", lotSize: 1, tickSize: 0.01, eventTimeNanos: Views.open, ingestTimeNanos: Views.open)
            var renamed = apple
            renamed.name = "Apple Inc (old)"
            renamed.eventTimeNanos -= 1
            try await store.apply([.instrument(apple), .instrument(renamed)])
            #expect(try await store.instruments([Views.aapl, Views.sie]) == [apple])
        }
    }
}
