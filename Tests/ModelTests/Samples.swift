import Foundation

@testable import Model

/// Realistic sample values shared by the Model tests.
enum Samples {
    /// 2024-03-15T14:30:00.123456789Z: a trade during the US session, with full nanosecond precision.
    static let eventTime: Int64 = 1_710_513_000_123_456_789
    /// 850 µs after ``eventTime``: when the feed handler received it.
    static let ingestTime: Int64 = eventTime + 850_000

    static let appleId = "4f6c2a8e-1b7d-4c3e-9a5f-2d8b7e6c1a90"
    static let ust10yId = "9b2e7c41-6d3a-4f8b-b1e5-7a0c3d9f2e64"
    static let siemensId = "c3a91f2d-58e4-47b6-9d0a-1e6f4b8c7d35"
    static let appleCallId = "e7d4b2a1-3c9f-4e8d-a6b5-0f1c2d3e4a5b"
    static let teslaId = "2a8f6e1c-9b4d-4a7e-8c3f-5d1b0e9a7c62"

    static let appleTrade = Trade(
        instrumentId: appleId, symbol: "AAPL", venue: "XNAS", price: 189.43, quantity: 200, currency: "USD",
        aggressorSide: .buy, tradeId: "T-884211", sequence: 1_042_117, eventTimeNanos: eventTime,
        ingestTimeNanos: ingestTime)

    /// A US 10-year Treasury quote in percent of par, sizes in face amount.
    static let ust10yQuote = Quote(
        instrumentId: ust10yId, symbol: "US10Y", venue: "", bidPrice: 98.515625, bidSize: 5_000_000,
        askPrice: 98.53125, askSize: 10_000_000, currency: "USD", sequence: 77_310, eventTimeNanos: eventTime + 2_000,
        ingestTimeNanos: ingestTime + 2_000)

    static let eurUsd = FXRate(
        baseCurrency: "EUR", quoteCurrency: "USD", rate: 1.08745, bid: 1.08744, ask: 1.08746, source: "EBS",
        eventTimeNanos: eventTime - 1_000_000, ingestTimeNanos: eventTime - 400_000)

    /// The 14:30 one-minute AAPL bar, second revision (a late trade arrived).
    static let appleBar = Bar(
        instrumentId: appleId, symbol: "AAPL", interval: .oneMinute, windowStartNanos: 1_710_513_000_000_000_000,
        open: 189.40, high: 189.62, low: 189.31, close: 189.55, volume: 48_200, vwap: 189.4718, tradeCount: 312,
        currency: "USD", notionalBase: 9_132_540.76, baseCurrency: "USD", revision: 1,
        eventTimeNanos: 1_710_513_059_987_000_000, ingestTimeNanos: 1_710_513_062_004_000_000)

    static let appleNews = NewsItem(
        id: "RTRS-20240315-143002-AAPL", headline: "Apple shares rise after EU antitrust fine smaller than feared",
        body: "Apple Inc shares gained 0.8% in early trading on Friday...", tickers: ["AAPL", "MSFT"],
        source: "Reuters", url: "https://example.com/news/apple-eu-fine", sentiment: 0.42,
        eventTimeNanos: eventTime - 2_000_000_000, ingestTimeNanos: eventTime - 1_950_000_000)

    static let subscription = ClientFlow(
        id: "FLOW-2024-000187", clientId: "CL-10442", portfolioId: "PF-GLOBAL-EQ-01", kind: .subscription,
        amount: Money(amount: Decimal(string: "1234567.89")!, currency: "EUR"), eventTimeNanos: eventTime,
        ingestTimeNanos: ingestTime)

    static let dustRedemption = ClientFlow(
        id: "FLOW-2024-000188", clientId: "CL-10442", portfolioId: "PF-GLOBAL-EQ-01", kind: .redemption,
        amount: Money(amount: Decimal(string: "0.00000001")!, currency: "USD"), eventTimeNanos: eventTime,
        ingestTimeNanos: ingestTime)

    static let appleBook = TopOfBook(
        instrumentId: appleId, symbol: "AAPL", bidPrice: 189.42, bidSize: 300, bidVenue: "XNAS", askPrice: 189.44,
        askSize: 500, askVenue: "ARCX", currency: "USD", eventTimeNanos: eventTime, ingestTimeNanos: ingestTime)

    static let portfolioVaR = RiskMetric(
        portfolioId: "PF-GLOBAL-EQ-01", kind: .valueAtRisk, method: .historical, confidence: 0.99, horizonDays: 1,
        value: 1_254_300.55, currency: "USD", eventTimeNanos: eventTime, ingestTimeNanos: ingestTime + 3_100_000)

    static let appleVolatility = RiskMetric(
        portfolioId: "PF-GLOBAL-EQ-01", instrumentId: appleId, kind: .volatility, method: .ewma, confidence: 0,
        horizonDays: 1, value: 0.2315, currency: "", eventTimeNanos: eventTime, ingestTimeNanos: ingestTime)

    static let teslaAnomaly = Anomaly(
        instrumentId: teslaId, symbol: "TSLA", score: 0.87, components: ["return_zscore": 0.93, "volume_spike": 0.41],
        threshold: 0.8, detector: "ewma-zscore", description: "1-minute return -3.2% vs 0.4% EWMA volatility",
        eventTimeNanos: eventTime, ingestTimeNanos: ingestTime + 5_000_000)

    static let appleSignal = TradingSignal(
        instrumentId: appleId, symbol: "AAPL", model: "momentum-lgbm", modelVersion: "2024.03.1", value: 0.35,
        confidence: 0.62, horizonNanos: 5 * Timestamp.nanosPerMinute, eventTimeNanos: eventTime,
        ingestTimeNanos: ingestTime + 12_000_000)

    static let apple = Instrument(
        id: appleId, symbol: "AAPL", name: "Apple Inc.", assetClass: .equity, currency: "USD",
        sector: "Information Technology", region: "North America", venue: "XNAS", lotSize: 1, tickSize: 0.01,
        eventTimeNanos: 1_704_067_200_000_000_000, ingestTimeNanos: 1_704_067_200_500_000_000)

    static let siemens = Instrument(
        id: siemensId, symbol: "SIE", name: "Siemens AG", assetClass: .equity, currency: "EUR", sector: "Industrials",
        region: "Europe", venue: "XETR", lotSize: 1, tickSize: 0.02, eventTimeNanos: 1_704_067_200_000_000_000,
        ingestTimeNanos: 1_704_067_200_500_000_000)

    /// AAPL 21 Jun 2024 190 call, expiring 2024-06-21T20:00:00Z.
    static let appleCall = Instrument(
        id: appleCallId, symbol: "AAPL240621C00190000", name: "AAPL Jun 21 2024 190 Call", assetClass: .derivative,
        currency: "USD", sector: "Information Technology", region: "North America", venue: "XCBO", lotSize: 1,
        tickSize: 0.05,
        option: OptionTerms(underlyingId: appleId, strike: 190, expiryNanos: 1_719_000_000_000_000_000, right: .call),
        eventTimeNanos: 1_704_067_200_000_000_000, ingestTimeNanos: 1_704_067_200_500_000_000)

    static let siemensTrade = Trade(
        instrumentId: siemensId, symbol: "SIE", venue: "XETR", price: 176.84, quantity: 150, currency: "EUR",
        aggressorSide: .sell, eventTimeNanos: eventTime, ingestTimeNanos: ingestTime)

    /// A Siemens trade in EUR valued in USD at the EURUSD mid.
    static let siemensEnriched = EnrichedTick(
        event: .trade(siemensTrade), instrument: siemens, baseCurrency: "USD", fxRate: eurUsd.rate,
        fxInterpolated: true, ingestTimeNanos: ingestTime + 40_000)

    /// A late AAPL trade rejected by the stream: its raw record as read from Kafka.
    static func lateTradeDeadLetter() throws -> DeadLetter {
        DeadLetter(
            stage: "stream.late", reasonCode: "LATE_EVENT",
            reason: "event time 2024-03-15T14:30:00.123456789Z is 6m12s behind the watermark",
            sourceTopic: "market-data.equities.us", sourcePartition: 3, sourceOffset: 1_048_576,
            key: Array(appleId.utf8), payload: try MarketEvent.trade(appleTrade).serializedBytes(),
            failedAtNanos: eventTime + 372_000_000_000)
    }
}
