import Foundation
import Model

extension StockCatalog {
    /// The default reference-price file, relative to the working directory (written by `scripts/gen-instruments`).
    public static let defaultReferencePricesPath = "config/reference-prices.csv"

    /// The equities of the instrument master, each at its reference price.
    ///
    /// - Parameter referencePrices: price by symbol (see ``parseReferencePrices(csv:source:)``).
    /// - Throws: ``ServingError`` (`validation`) naming an equity that has no reference price.
    public init(master: InstrumentMaster, referencePrices: [String: Decimal]) throws(ServingError) {
        var listings: [Listing] = []
        for instrument in master.instruments(of: .equity) {
            guard let price = referencePrices[instrument.symbol] else {
                throw ServingError(.validation, field: "reference_price", "the equity \(instrument.symbol) has no reference price")
            }
            listings.append(Listing(instrument: instrument, price: price))
        }
        self.init(listings)
    }

    /// Loads the instrument master and the reference prices and lists the master's equities.
    ///
    /// - Throws: ``ServingError`` (`validation`) naming the file (and line) of the first problem.
    public static func load(
        instrumentsAt instrumentsPath: String = InstrumentMaster.defaultPath,
        referencePricesAt pricesPath: String = defaultReferencePricesPath
    ) throws(ServingError) -> StockCatalog {
        let master: InstrumentMaster
        do { master = try InstrumentMaster.load(csvAt: instrumentsPath) } catch {
            throw ServingError(.validation, "\(error)", underlying: error)
        }
        let text: String
        do { text = try String(contentsOfFile: pricesPath, encoding: .utf8) } catch {
            throw ServingError(.validation, "cannot read \(pricesPath): \(error)", underlying: error)
        }
        let prices = try parseReferencePrices(csv: text, source: pricesPath)
        for symbol in prices.keys where master.instrument(symbol: symbol) == nil {
            throw ServingError(.validation, field: "symbol", "\(pricesPath): \(symbol) is not in the instrument master")
        }
        return try StockCatalog(master: master, referencePrices: prices)
    }

    /// Parses `symbol,reference_price` lines after a header naming those two columns.
    ///
    /// - Throws: ``ServingError`` (`validation`) naming the line of a missing column, a price that is not a
    ///   positive decimal, or a duplicate symbol.
    public static func parseReferencePrices(csv: String, source: String = "reference-prices.csv") throws(ServingError) -> [String: Decimal] {
        let lines = csv.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let header = lines.first.map(fields) ?? []
        guard let symbolColumn = header.firstIndex(of: "symbol"), let priceColumn = header.firstIndex(of: "reference_price") else {
            throw ServingError(.validation, field: "reference_price", "\(source):1: the header must name symbol and reference_price")
        }
        var prices: [String: Decimal] = [:]
        for (offset, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let row = fields(line)
            let at = "\(source):\(offset + 1)"
            guard row.count > max(symbolColumn, priceColumn), !row[symbolColumn].isEmpty else {
                throw ServingError(.validation, field: "symbol", "\(at): expected \(header.count) columns")
            }
            let symbol = row[symbolColumn]
            guard let price = try? DecimalString.parse(row[priceColumn]), price > 0 else {
                throw ServingError(.validation, field: "reference_price", "\(at): reference_price \"\(row[priceColumn])\" is not a positive decimal")
            }
            guard prices.updateValue(price, forKey: symbol) == nil else {
                throw ServingError(.validation, field: "symbol", "\(at): duplicate symbol \(symbol)")
            }
        }
        return prices
    }

    private static func fields(_ line: Substring) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\"")))
        }
    }
}
