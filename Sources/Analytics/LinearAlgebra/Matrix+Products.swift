import CLapacke

// Matrix and vector products through CBLAS (OpenBLAS). Dimensions are checked with preconditions: they are
// programming errors, not data errors (every public entry point taking user data validates it first).
extension Matrix {
    /// `op(self) · op(other)` with `op` the identity or the transpose (dgemm).
    public func multiplied(by other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> Matrix {
        let m = transposeSelf ? columns : rows
        let k = transposeSelf ? rows : columns
        let k2 = transposeOther ? other.columns : other.rows
        let n = transposeOther ? other.rows : other.columns
        precondition(k == k2, "inner dimensions differ: \(k) vs \(k2)")
        var result = Matrix(rows: m, columns: n)
        guard m > 0, n > 0, k > 0 else { return result }
        elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                result.elements.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(
                        CblasColMajor, transposeSelf ? CblasTrans : CblasNoTrans,
                        transposeOther ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                        a.baseAddress, Int32(Swift.max(rows, 1)), b.baseAddress, Int32(Swift.max(other.rows, 1)), 0,
                        c.baseAddress, Int32(Swift.max(m, 1)))
                }
            }
        }
        return result
    }

    /// `op(self) · x` (dgemv).
    public func multiplied(by x: [Double], transposeSelf: Bool = false) -> [Double] {
        precondition(x.count == (transposeSelf ? rows : columns), "vector length differs from the matrix")
        var y = [Double](repeating: 0, count: transposeSelf ? columns : rows)
        guard rows > 0, columns > 0 else { return y }
        elements.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    cblas_dgemv(
                        CblasColMajor, transposeSelf ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns), 1,
                        a.baseAddress, Int32(rows), xp.baseAddress, 1, 0, yp.baseAddress, 1)
                }
            }
        }
        return y
    }

    /// `self · x` for a symmetric `self` of which only the **lower** triangle is read (dsymv).
    public func symmetricMultiplied(by x: [Double]) -> [Double] {
        precondition(isSquare && x.count == rows, "symmetricMultiplied needs a square matrix and a matching vector")
        var y = [Double](repeating: 0, count: rows)
        guard rows > 0 else { return y }
        elements.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    cblas_dsymv(
                        CblasColMajor, CblasLower, Int32(rows), 1, a.baseAddress, Int32(rows), xp.baseAddress, 1, 0,
                        yp.baseAddress, 1)
                }
            }
        }
        return y
    }

    /// `self ← decay · self + weight · x xᵀ` on the **lower** triangle only (dscal + dsyr): the O(n²)
    /// rank-one update of an exponentially weighted covariance. The upper triangle is left stale.
    public mutating func decayAndAddRankOne(decay: Double, weight: Double, x: [Double]) {
        precondition(isSquare && x.count == rows, "rank-one update needs a square matrix and a matching vector")
        let n = rows
        guard n > 0 else { return }
        elements.withUnsafeMutableBufferPointer { a in
            // Scaling only the lower columns' tails keeps the work at n(n+1)/2 multiplications.
            for j in 0..<n {
                cblas_dscal(Int32(n - j), decay, a.baseAddress! + (j * n + j), 1)
            }
            x.withUnsafeBufferPointer { xp in
                cblas_dsyr(CblasColMajor, CblasLower, Int32(n), weight, xp.baseAddress, 1, a.baseAddress, Int32(n))
            }
        }
    }

    /// `x · y` (ddot).
    public static func dot(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "vector lengths differ")
        return x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in cblas_ddot(Int32(x.count), xp.baseAddress, 1, yp.baseAddress, 1) }
        }
    }

    /// `y ← y + alpha · column j of self` (daxpy): the O(n) step of an incremental `Σw`.
    public func addColumn(_ j: Int, scaledBy alpha: Double, to y: inout [Double]) {
        precondition(y.count == rows && j >= 0 && j < columns, "column index or vector length out of range")
        elements.withUnsafeBufferPointer { a in
            y.withUnsafeMutableBufferPointer { yp in
                cblas_daxpy(Int32(rows), alpha, a.baseAddress! + j * rows, 1, yp.baseAddress, 1)
            }
        }
    }
}
