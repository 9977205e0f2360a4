import Foundation
import Model

/// The stocks the ledger trades: instruments from the instrument master, with a reference price each
/// (the last mark, used to seed quotes until the live stream feeds them).
public struct StockCatalog: Sendable {
    /// One tradable stock.
    public struct Listing: Sendable, Hashable {
        public var instrument: Instrument
        /// Reference (last) price in the instrument's currency.
        public var price: Decimal

        /// Creates a listing.
        public init(instrument: Instrument, price: Decimal) {
            self.instrument = instrument
            self.price = price
        }
    }

    /// The listings, in symbol order.
    public let listings: [Listing]
    private let byId: [String: Int]
    private let bySymbol: [String: Int]

    /// Creates a catalog from listings.
    public init(_ listings: [Listing]) {
        self.listings = listings.sorted { $0.instrument.symbol < $1.instrument.symbol }
        var byId: [String: Int] = [:]
        var bySymbol: [String: Int] = [:]
        for (index, listing) in self.listings.enumerated() {
            byId[listing.instrument.id] = index
            bySymbol[listing.instrument.symbol.uppercased()] = index
        }
        self.byId = byId
        self.bySymbol = bySymbol
    }

    /// The listing with this instrument id or symbol.
    public func listing(_ idOrSymbol: String) -> Listing? {
        if let index = byId[idOrSymbol] ?? bySymbol[idOrSymbol.uppercased()] { return listings[index] }
        return nil
    }

    /// Quotes at the reference prices, to seed ``LatestQuotes``.
    public var referenceQuotes: [String: MarketQuote] {
        Dictionary(uniqueKeysWithValues: listings.map { ($0.instrument.id, MarketQuote(price: $0.price)) })
    }

    /// Each stock's symbol by instrument id (for price history stored under other ids).
    public var symbolsById: [String: String] {
        Dictionary(listings.map { ($0.instrument.id, $0.instrument.symbol) }) { first, _ in first }
    }

    /// A small built-in set of US and European equities, used until the instrument master is wired in.
    public static let seeded: StockCatalog = {
        let rows: [(String, String, String, String, String, String, String, String)] = [
            ("0b7c2f0e-8f4e-4c55-9a51-6a1f6f2f1a01", "AAPL", "Apple Inc.", "USD", "Information Technology", "North America", "XNAS", "189.25"),
            ("0b7c2f0e-8f4e-4c55-9a51-6a1f6f2f1a02", "MSFT", "Microsoft Corporation", "USD", "Information Technology", "North America", "XNAS", "415.10"),
            ("0b7c2f0e-8f4e-4c55-9a51-6a1f6f2f1a03", "JPM", "JPMorgan Chase & Co.", "USD", "Financials", "North America", "XNYS", "198.40"),
            ("0b7c2f0e-8f4e-4c55-9a51-6a1f6f2f1a04", "XOM", "Exxon Mobil Corporation", "USD", "Energy", "North America", "XNYS", "112.35"),
            ("0b7c2f0e-8f4e-4c55-9a51-6a1f6f2f1a05", "JNJ", "Johnson & Johnson", "USD", "Health Care", "North America", "XNYS", "152.80"),
            ("0b7c2f0e-8f4e-4c55-9a51-6a1f6f2f1a06", "SAP", "SAP SE", "USD", "Information Technology", "Europe", "XNYS", "176.55"),
            ("0b7c2f0e-8f4e-4c55-9a51-6a1f6f2f1a07", "ASML", "ASML Holding N.V.", "USD", "Information Technology", "Europe", "XNAS", "905.20"),
            ("0b7c2f0e-8f4e-4c55-9a51-6a1f6f2f1a08", "NVS", "Novartis AG", "USD", "Health Care", "Europe", "XNYS", "98.65"),
        ]
        return StockCatalog(rows.map { row in
            let instrument = Instrument(
                id: row.0, symbol: row.1, name: row.2, assetClass: .equity, currency: row.3, sector: row.4,
                region: row.5, venue: row.6, lotSize: 1, tickSize: 0.01, eventTimeNanos: 0, ingestTimeNanos: 0)
            return Listing(instrument: instrument, price: Decimal(string: row.7, locale: Locale(identifier: "en_US_POSIX"))!)
        })
    }()
}
