/// A column's values by row, as a ``RowDecoding/Field`` reads them.
protocol RowValues {
    associatedtype Element
    subscript(_ row: Int) -> Element { get }
}

extension ContiguousArray: RowValues {}
extension DictionaryStrings: RowValues {}

extension RowDecoding {
    /// One column of a batch, resolved by name and type once, read row by row.
    struct Field<Values: RowValues> {
        let name: String
        let table: String
        /// The type for messages: `text`, `a double`, `an integer`.
        let kind: String
        let isPresent: Bool
        /// `nil` when the column is missing or of another type.
        let values: Values?
        let validity: ContiguousArray<Bool>?

        /// The value of `row`.
        ///
        /// - Throws: ``WarehouseError`` (`.schemaMismatch`) when the column is missing, of another type, or null there.
        func required(_ row: Int) throws -> Values.Element {
            guard let values, validity?[row] ?? true else {
                throw WarehouseError(
                    .schemaMismatch, isPresent ? "\(table).\(name) is null or not \(kind) at row \(row)" : "\(table) rows need column \(name)")
            }
            return values[row]
        }

        /// The value of `row`; `nil` when the column is missing, of another type, or null there.
        func optional(_ row: Int) -> Values.Element? {
            guard let values, validity?[row] ?? true else { return nil }
            return values[row]
        }
    }
}
