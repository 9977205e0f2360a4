import Foundation
import Logging
import Model
import ServiceLifecycle
import Stream

/// Feeds the ledger's quotes from the stream: reads `market-data.top-of-book` (in-process or Kafka, through
/// a ``Stream/RecordConsumer``), updates ``LatestQuotes`` with each stock's touch and sizes, and matches the
/// open orders each new touch makes marketable (``Ledger/matchOpenOrders(instrumentId:)``).
///
/// Books of instruments that are not stocks (bonds, FX) are skipped. A record that does not decode, or a
/// book that is not a valid quote (negative or crossed prices, negative sizes), goes to `dlq.serving.quotes`
/// and is counted there; the feed goes on. Offsets are committed after each batch is applied.
public struct QuoteFeed: Service {
    /// The topic read.
    public static let topic = "market-data.top-of-book"
    /// The stage name of the dead letters (`dlq.serving.quotes`).
    public static let stage = "serving.quotes"

    private let ledger: Ledger
    private let quotes: LatestQuotes
    private let consumer: any RecordConsumer
    private let deadLetters: DeadLetterRouter
    private let logger: Logger

    /// Creates the feed.
    ///
    /// - Parameters:
    ///   - quotes: the table the ledger prices orders from (its ``Ledger/quotes``).
    ///   - consumer: subscribed to ``topic``.
    ///   - deadLetters: where invalid records go.
    public init(ledger: Ledger, quotes: LatestQuotes, consumer: any RecordConsumer, deadLetters: DeadLetterRouter, logger: Logger = Logger(label: "tickflow.ledger.quotes")) {
        self.ledger = ledger
        self.quotes = quotes
        self.consumer = consumer
        self.deadLetters = deadLetters
        self.logger = logger
    }

    public func run() async throws {
        let consumer = self.consumer
        try await withGracefulShutdownHandler {
            while let batch = try await consumer.nextBatch(maxRecords: 1024) {
                try await apply(batch)
            }
        } onGracefulShutdown: {
            Task { await consumer.close() }
        }
    }

    /// Applies one batch: the latest valid book per stock updates its quote, then its open orders are matched.
    ///
    /// - Returns: the orders that got a fill.
    /// - Throws: ``ServingError`` from the ledger, or a transport error sending dead letters or committing.
    @discardableResult
    public func apply(_ batch: [IncomingRecord]) async throws -> [Order] {
        // The newest valid book of each instrument; only those are converted to decimals (most of a batch's cost).
        var latest: [String: TopOfBook] = [:]
        var order: [String] = []
        var failures: [SourceFailure] = []
        for record in batch {
            let book: TopOfBook
            do { book = try TopOfBook(serializedBytes: record.value) } catch {
                failures.append(SourceFailure(record: record, reasonCode: "DECODE_ERROR", reason: "\(error)"))
                continue
            }
            guard ledger.stocks.listing(book.instrumentId) != nil else { continue }
            if let problem = Self.problem(with: book) {
                failures.append(SourceFailure(record: record, reasonCode: "INVALID_QUOTE", reason: "\(book.symbol): \(problem)"))
            } else if latest.updateValue(book, forKey: book.instrumentId) == nil {
                order.append(book.instrumentId)
            }
        }
        if !failures.isEmpty {
            logger.warning("\(failures.count) invalid top-of-book records sent to \(DeadLetterRouter.topic(forStage: Self.stage))")
            try await deadLetters.route(failures, stage: Self.stage)
        }
        var filled: [Order] = []
        for instrumentId in order { quotes.update(Self.exactQuote(latest[instrumentId]!), for: instrumentId) }
        // One query for the batch: most books move instruments nobody has an open order in.
        let withOrders = try await ledger.instrumentsWithOpenOrders(order)
        for instrumentId in order where withOrders.contains(instrumentId) {
            filled += try await ledger.matchOpenOrders(instrumentId: instrumentId)
        }
        try await consumer.commitProcessed(batch)
        return filled
    }

    /// The exact quote of a book: prices to 8 decimals, a side priced 0 has no touch (nothing fills against it).
    static func quote(_ book: TopOfBook) -> Result<MarketQuote, QuoteError> {
        if let problem = problem(with: book) { return .failure(problem) }
        return .success(exactQuote(book))
    }

    /// Why a book cannot be a quote; `nil` when it can.
    static func problem(with book: TopOfBook) -> QuoteError? {
        func valid(_ number: Double) -> Bool { number.isFinite && number >= 0 }
        guard valid(book.bidPrice), valid(book.askPrice), valid(book.bidSize), valid(book.askSize) else {
            return QuoteError("prices and sizes must be finite and not negative")
        }
        guard book.bidPrice == 0 || book.askPrice == 0 || book.bidPrice <= book.askPrice else {
            return QuoteError("crossed book: bid \(book.bidPrice) above ask \(book.askPrice)")
        }
        return nil
    }

    /// The exact quote of a book ``problem(with:)`` accepts.
    private static func exactQuote(_ book: TopOfBook) -> MarketQuote {
        MarketQuote(bid: exact(book.bidPrice), ask: exact(book.askPrice), bidSize: exact(book.bidSize), askSize: exact(book.askSize))
    }

    /// A double as the decimal it prints as (its shortest round-trip form), rounded to 8 decimals.
    static func exact(_ value: Double) -> Decimal {
        let decimal = printed(value)
            ?? Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(value)
        return LedgerDecimal.round(decimal, scale: LedgerDecimal.unitScale, mode: .plain)
    }

    /// The decimal `value` prints as, read digit by digit: `Decimal(string:)` was most of a quote's conversion.
    /// `nil` for what it does not cover (non-finite values, exponents beyond ±100).
    static func printed(_ value: Double) -> Decimal? {
        guard value.isFinite else { return nil }
        var significand: UInt64 = 0
        var fractionDigits = 0, exponent = 0
        var negative = false, negativeExponent = false, afterPoint = false, inExponent = false
        for byte in "\(value)".utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte &- UInt8(ascii: "0"))
                if inExponent {
                    guard exponent < 1_000 else { return nil }
                    exponent = exponent * 10 + digit
                } else {
                    // A double prints with at most 17 significant digits.
                    guard significand < UInt64.max / 10 else { return nil }
                    significand = significand * 10 + UInt64(digit)
                    if afterPoint { fractionDigits += 1 }
                }
            case UInt8(ascii: "-"): if inExponent { negativeExponent = true } else { negative = true }
            case UInt8(ascii: "+"): break
            case UInt8(ascii: "."): afterPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            default: return nil
            }
        }
        let scale = (negativeExponent ? -exponent : exponent) - fractionDigits
        guard (-100...100).contains(scale) else { return nil }
        return Decimal(sign: negative ? .minus : .plus, exponent: scale, significand: Decimal(significand))
    }

    /// Why a book is not a quote.
    struct QuoteError: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}

extension QuoteFeed.QuoteError: CustomStringConvertible {
    var description: String { reason }
}
