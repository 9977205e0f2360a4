/// A dense real matrix stored **column-major** in a `[Double]`: element (row `i`, column `j`) is
/// `elements[i + j * rows]`, the layout LAPACK and BLAS use natively (no transposition on any call).
///
/// Products, Cholesky and the symmetric eigendecomposition call OpenBLAS / LAPACKE (`Matrix+Products.swift`,
/// `Matrix+Factorizations.swift`); nothing here loops in O(n³).
public struct Matrix: Sendable, Equatable, Codable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements, column-major.
    public internal(set) var elements: [Double]

    /// A `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix over existing column-major elements.
    /// - Throws: `AnalyticsError.invalidInput` when `elements.count != rows * columns`.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) throws {
        guard rows >= 0, columns >= 0, elements.count == rows * columns else {
            throw AnalyticsError(
                .invalidInput, context: "Matrix.init",
                "\(elements.count) elements for a \(rows)×\(columns) matrix")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from its rows, e.g. `[[1, 2], [3, 4]]`.
    /// - Throws: `AnalyticsError.invalidInput` when the rows have different lengths.
    public init(rowArrays: [[Double]]) throws {
        let columns = rowArrays.first?.count ?? 0
        guard rowArrays.allSatisfy({ $0.count == columns }) else {
            throw AnalyticsError(.invalidInput, context: "Matrix.init(rowArrays:)", "rows have different lengths")
        }
        self.init(rows: rowArrays.count, columns: columns)
        for (i, row) in rowArrays.enumerated() {
            for (j, value) in row.enumerated() { elements[i + j * rows] = value }
        }
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var matrix = Matrix(rows: n, columns: n)
        for i in 0..<n { matrix.elements[i * (n + 1)] = 1 }
        return matrix
    }

    /// A diagonal matrix.
    public static func diagonal(_ values: [Double]) -> Matrix {
        var matrix = Matrix(rows: values.count, columns: values.count)
        for (i, value) in values.enumerated() { matrix.elements[i * (values.count + 1)] = value }
        return matrix
    }

    /// Element at row `i`, column `j`.
    public subscript(i: Int, j: Int) -> Double {
        get { elements[i + j * rows] }
        set { elements[i + j * rows] = newValue }
    }

    /// Whether the matrix is square.
    public var isSquare: Bool { rows == columns }

    /// The diagonal.
    public var diagonalElements: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }

    /// The rows as arrays (for printing and tests).
    public var rowArrays: [[Double]] { (0..<rows).map { i in (0..<columns).map { self[i, $0] } } }

    /// The transpose.
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { result.elements[j + i * columns] = elements[i + j * rows] }
        }
        return result
    }

    /// Copies the lower triangle onto the upper one (symmetric routines read and write one triangle only).
    public mutating func symmetrizeFromLower() {
        precondition(isSquare, "symmetrizeFromLower needs a square matrix")
        for j in 0..<columns {
            for i in (j + 1)..<max(rows, j + 1) { elements[j + i * rows] = elements[i + j * rows] }
        }
    }

    /// The largest absolute element-wise difference to `other` (same shape), for tolerances in tests.
    public func maxAbsDifference(_ other: Matrix) -> Double {
        precondition(rows == other.rows && columns == other.columns, "shapes differ")
        return zip(elements, other.elements).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }
}
