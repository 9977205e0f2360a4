import Foundation
import Synchronization

/// Where order execution reads the latest touch of an instrument.
public protocol QuoteProvider: Sendable {
    /// The latest quote, or nil when the instrument has none.
    func quote(for instrumentId: String) -> MarketQuote?
}

/// Quotes held in memory: seeded from reference prices, updated by whoever feeds it (a stream stage,
/// a test). Until the live stream is wired in, the instrument master's prices are the marks.
public final class LatestQuotes: QuoteProvider {
    private let quotes: Mutex<[String: MarketQuote]>

    /// Creates the table with initial quotes by instrument id.
    public init(_ initial: [String: MarketQuote] = [:]) {
        quotes = Mutex(initial)
    }

    public func quote(for instrumentId: String) -> MarketQuote? {
        quotes.withLock { $0[instrumentId] }
    }

    /// Replaces the quote of one instrument.
    public func update(_ quote: MarketQuote, for instrumentId: String) {
        quotes.withLock { $0[instrumentId] = quote }
    }
}
