import Foundation

/// One line of the instrument master CSV: its fields (RFC 4180 quoting undone) and its 1-based line number.
struct InstrumentCSVRow {
    var fields: [String]
    var line: Int

    func error(_ source: String, _ column: String, _ reason: String) -> ModelError {
        ModelError(.invalidValue, "\(source):\(line): column \(column): \(reason)", field: column)
    }

    /// Splits text into rows; quoted fields may hold commas, doubled quotes and newlines.
    static func rows(of text: String) -> [InstrumentCSVRow] {
        var rows: [InstrumentCSVRow] = []
        var fields: [String] = [], field = "", inQuotes = false, line = 1, rowLine = 1
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"": inQuotes = true
            case ",": fields.append(field); field = ""
            case "\n", "\r\n", "\r":
                fields.append(field)
                rows.append(InstrumentCSVRow(fields: fields, line: rowLine))
                fields = []; field = ""; line += 1; rowLine = line
            default: field.append(character)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            rows.append(InstrumentCSVRow(fields: fields, line: rowLine))
        }
        return rows
    }

    /// Column positions from the header line.
    struct Columns {
        let index: [String: Int]
        static let required = ["id", "symbol", "name", "asset_class", "currency", "region", "lot_size", "tick_size"]

        init(header: [String], source: String) throws(ModelError) {
            var index: [String: Int] = [:]
            for (position, name) in header.enumerated() {
                index[name.trimmingCharacters(in: .whitespaces).lowercased()] = position
            }
            for name in Self.required where index[name] == nil {
                throw ModelError(.invalidValue, "\(source):1: the header has no \(name) column", field: name)
            }
            self.index = index
        }

        func value(_ row: InstrumentCSVRow, _ column: String) -> String {
            guard let position = index[column], position < row.fields.count else { return "" }
            return row.fields[position].trimmingCharacters(in: .whitespaces)
        }

        func number(_ row: InstrumentCSVRow, _ column: String, _ source: String) throws(ModelError) -> Double {
            let text = value(row, column)
            guard let number = Double(text) else { throw row.error(source, column, "not a number: \"\(text)\"") }
            return number
        }

        /// The row's instrument (option underlying id still unset) and its underlying symbol, if an option.
        func instrument(from row: InstrumentCSVRow, source: String, loadedAt: Int64) throws(ModelError)
            -> (Instrument, String?)
        {
            let assetText = value(row, "asset_class").lowercased()
            guard let assetClass = AssetClass(rawValue: assetText) else {
                throw row.error(source, "asset_class", "unknown asset class \"\(assetText)\" (equity, bond, derivative, fx)")
            }
            var option: OptionTerms?
            let underlying = value(row, "underlying")
            if !underlying.isEmpty {
                let rightText = value(row, "right").lowercased()
                guard let right = OptionRight(rawValue: rightText) else {
                    throw row.error(source, "right", "expected call or put, got \"\(rightText)\"")
                }
                let expiry: Int64
                do { expiry = try Timestamp.parseISO8601(value(row, "expiry")) } catch {
                    throw row.error(source, "expiry", error.message)
                }
                option = OptionTerms(
                    underlyingId: "", strike: try number(row, "strike", source), expiryNanos: expiry, right: right)
            }
            let instrument = Instrument(
                id: value(row, "id").lowercased(), symbol: value(row, "symbol"), name: value(row, "name"),
                assetClass: assetClass, currency: value(row, "currency"), sector: value(row, "sector"),
                region: value(row, "region"), venue: value(row, "venue"), lotSize: try number(row, "lot_size", source),
                tickSize: try number(row, "tick_size", source), option: option, eventTimeNanos: loadedAt,
                ingestTimeNanos: loadedAt)
            return (instrument, option == nil ? nil : underlying)
        }
    }
}
