import Foundation

/// The instrument master: every tradable instrument TickFlow knows, with lookups by id and by symbol.
///
/// Loaded by every stage from `config/instruments.csv` (see ``load(csvAt:loadedAt:)`` for the format) and
/// published by the connectors to the compacted `reference.instruments` topic.
public struct InstrumentMaster: Sendable {
    /// The default file, relative to the working directory.
    public static let defaultPath = "config/instruments.csv"

    /// The instruments, in file order.
    public let instruments: [Instrument]
    private let indexById: [String: Int]
    private let indexBySymbol: [String: Int]

    /// Creates a master from instruments; a later instrument with the same id or symbol replaces an earlier one
    /// in the lookups (``load(csvAt:loadedAt:)`` refuses duplicates instead).
    public init(instruments: [Instrument]) {
        self.instruments = instruments
        var byId: [String: Int] = [:], bySymbol: [String: Int] = [:]
        for (index, instrument) in instruments.enumerated() {
            byId[instrument.id] = index
            bySymbol[instrument.symbol] = index
        }
        indexById = byId
        indexBySymbol = bySymbol
    }

    /// The instrument with this id (a UUID string), if any.
    public func instrument(id: String) -> Instrument? {
        indexById[id].map { instruments[$0] }
    }

    /// The instrument with this symbol (exact, case-sensitive, e.g. `AAPL`, `US10Y`, `EURUSD`), if any.
    public func instrument(symbol: String) -> Instrument? {
        indexBySymbol[symbol].map { instruments[$0] }
    }

    /// The instruments of one asset class, in file order.
    public func instruments(of assetClass: AssetClass) -> [Instrument] {
        instruments.filter { $0.assetClass == assetClass }
    }

    /// The number of instruments.
    public var count: Int { instruments.count }

    /// Loads the master from a CSV file.
    ///
    /// The first line is a header naming the columns (any order; extra columns are ignored): `id` (UUID),
    /// `symbol`, `name`, `asset_class` (`equity`, `bond`, `derivative`, `fx`), `currency` (ISO 4217),
    /// `sector`, `region`, `venue` (ISO 10383 MIC, empty for OTC), `lot_size`, `tick_size`, and for options
    /// `underlying` (the underlying's symbol, defined earlier or later in the file), `strike`, `expiry`
    /// (ISO-8601 date-time) and `right` (`call`, `put`). Fields may be quoted as in RFC 4180.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - loadedAt: event and ingest time of the loaded instruments, ns since the epoch; by default now.
    /// - Throws: ``ModelError`` (``ModelError/Code/invalidValue``) naming the file, line and column of the first
    ///   problem: an unreadable file, a missing column, a malformed or duplicate value, an unknown underlying.
    public static func load(csvAt path: String, loadedAt: Int64 = Timestamp.now()) throws -> InstrumentMaster {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ModelError(.invalidValue, "cannot read the instrument master \(path): \(error)", underlying: error)
        }
        return try parse(csv: text, source: path, loadedAt: loadedAt)
    }

    /// Parses the CSV text of a master; see ``load(csvAt:loadedAt:)``.
    ///
    /// - Parameters:
    ///   - csv: the file's text.
    ///   - source: the name used in error messages.
    ///   - loadedAt: event and ingest time of the instruments.
    /// - Throws: ``ModelError`` naming the line and column of the first problem.
    public static func parse(csv: String, source: String = "instruments.csv", loadedAt: Int64) throws -> InstrumentMaster {
        var rows = InstrumentCSVRow.rows(of: csv)
        guard !rows.isEmpty else { throw ModelError(.invalidValue, "\(source): empty file, expected a header line") }
        let header = rows.removeFirst()
        let columns = try InstrumentCSVRow.Columns(header: header.fields, source: source)
        var parsed: [(row: InstrumentCSVRow, instrument: Instrument, underlying: String?)] = []
        var seenIds: [String: Int] = [:], seenSymbols: [String: Int] = [:]
        for row in rows where !(row.fields.count == 1 && row.fields[0].isEmpty) {
            let (instrument, underlying) = try columns.instrument(from: row, source: source, loadedAt: loadedAt)
            if let line = seenIds[instrument.id] {
                throw row.error(source, "id", "duplicate id \(instrument.id), first on line \(line)")
            }
            if let line = seenSymbols[instrument.symbol] {
                throw row.error(source, "symbol", "duplicate symbol \(instrument.symbol), first on line \(line)")
            }
            seenIds[instrument.id] = row.line
            seenSymbols[instrument.symbol] = row.line
            parsed.append((row, instrument, underlying))
        }
        // Underlyings are symbols in the file; resolve them to ids once every row is known.
        let idBySymbol = Dictionary(uniqueKeysWithValues: parsed.map { ($0.instrument.symbol, $0.instrument.id) })
        var instruments: [Instrument] = []
        instruments.reserveCapacity(parsed.count)
        for (row, var instrument, underlying) in parsed {
            if let underlying {
                guard let id = idBySymbol[underlying] else {
                    throw row.error(source, "underlying", "unknown underlying symbol \"\(underlying)\"")
                }
                instrument.option?.underlyingId = id
            }
            // The wire validation is the single definition of a valid instrument.
            do {
                instruments.append(try Instrument(proto: instrument.proto))
            } catch let error as ModelError {
                throw row.error(source, error.field ?? "row", error.message)
            }
        }
        return InstrumentMaster(instruments: instruments)
    }
}
