import Foundation
import Model
import Serving
import Testing
import TickFlowTestSupport

/// The stocks of the API come from the instrument master, priced by `config/reference-prices.csv`.
@Suite struct StockCatalogMasterTests {
    @Test func listsEveryEquityOfTheMasterAtItsReferencePrice() throws {
        let catalog = try StockCatalog.load(
            instrumentsAt: Repository.path(InstrumentMaster.defaultPath),
            referencePricesAt: Repository.path(StockCatalog.defaultReferencePricesPath))
        let master = try InstrumentMaster.load(csvAt: Repository.path(InstrumentMaster.defaultPath))
        let equities = master.instruments(of: .equity)
        #expect(catalog.listings.count == equities.count)
        #expect(equities.count > 100)
        let apple = try #require(catalog.listing("aapl"))
        #expect(apple.instrument.id == master.instrument(symbol: "AAPL")?.id)
        #expect(apple.price == Decimal(string: "189.25"))
        #expect(apple.instrument.sector == "Information Technology")
        // Bonds, options and FX pairs are in the master but are not stocks.
        #expect(catalog.listing("US10Y") == nil)
        #expect(catalog.listing("EURUSD") == nil)
        let quotes = catalog.referenceQuotes
        #expect(quotes.count == equities.count)
        #expect(quotes[apple.instrument.id] == MarketQuote(price: apple.price))
    }

    @Test func refusesMalformedPriceFiles() throws {
        let cases: [(String, String)] = [
            ("ticker,price\nAAPL,1\n", ":1: the header"),
            ("symbol,reference_price\nAAPL,abc\n", ":2: reference_price \"abc\""),
            ("symbol,reference_price\nAAPL,-3\n", ":2: reference_price \"-3\""),
            ("symbol,reference_price\nAAPL,1\nAAPL,2\n", ":3: duplicate symbol AAPL"),
            ("symbol,reference_price\n,1\n", ":2: expected 2 columns"),
        ]
        for (csv, message) in cases {
            let error = #expect(throws: ServingError.self) { try StockCatalog.parseReferencePrices(csv: csv, source: "prices.csv") }
            let text = error?.message ?? ""
            #expect(text.contains("prices.csv" + message), "\(text)")
        }
        let parsed = try StockCatalog.parseReferencePrices(csv: "symbol,reference_price\r\nAAPL,189.25\r\n\r\n")
        #expect(parsed == ["AAPL": Decimal(string: "189.25")!])
    }

    @Test func anEquityWithoutAPriceIsNamed() throws {
        let master = try InstrumentMaster.load(csvAt: Repository.path(InstrumentMaster.defaultPath))
        let error = #expect(throws: ServingError.self) { try StockCatalog(master: master, referencePrices: ["AAPL": 1]) }
        #expect(error?.message.contains("has no reference price") == true)
    }
}
