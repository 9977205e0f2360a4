import CLapacke

extension Matrix {
    /// The lower Cholesky factor `L` with `self = L Lᵀ` (LAPACK dpotrf on the lower triangle; the upper
    /// triangle of `self` is not read, the upper triangle of the result is zero).
    /// - Throws: `AnalyticsError.notPositiveDefinite` when a leading minor is not positive,
    ///   `.invalidInput` for a non-square matrix or non-finite elements.
    public func cholesky() throws -> Matrix {
        try requireSquareFinite("Matrix.cholesky")
        var factor = self
        let n = rows
        guard n > 0 else { return factor }
        let info = factor.elements.withUnsafeMutableBufferPointer { a in
            LAPACKE_dpotrf(LAPACK_COL_MAJOR, Self.lower, Int32(n), a.baseAddress, Int32(n))
        }
        if info > 0 {
            throw AnalyticsError(
                .notPositiveDefinite, context: "Matrix.cholesky",
                "the leading minor of order \(info) is not positive")
        }
        guard info == 0 else {
            throw AnalyticsError(.lapackFailure, context: "Matrix.cholesky", "dpotrf returned \(info)")
        }
        for j in 1..<max(n, 1) {
            for i in 0..<j { factor.elements[i + j * n] = 0 }
        }
        return factor
    }

    /// Eigenvalues (ascending) and orthonormal eigenvectors (the columns of `vectors`) of a symmetric matrix,
    /// of which only the lower triangle is read (LAPACK dsyevd, divide and conquer).
    /// - Throws: `AnalyticsError.invalidInput` for a non-square matrix or non-finite elements,
    ///   `.notConverged` when dsyevd fails to converge.
    public func symmetricEigen() throws -> (values: [Double], vectors: Matrix) {
        try requireSquareFinite("Matrix.symmetricEigen")
        var vectors = self
        let n = rows
        var values = [Double](repeating: 0, count: n)
        guard n > 0 else { return (values, vectors) }
        let info = vectors.elements.withUnsafeMutableBufferPointer { a in
            values.withUnsafeMutableBufferPointer { w in
                LAPACKE_dsyevd(
                    LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), Self.lower, Int32(n), a.baseAddress, Int32(n),
                    w.baseAddress)
            }
        }
        if info > 0 {
            throw AnalyticsError(.notConverged, context: "Matrix.symmetricEigen", "dsyevd did not converge (\(info))")
        }
        guard info == 0 else {
            throw AnalyticsError(.lapackFailure, context: "Matrix.symmetricEigen", "dsyevd returned \(info)")
        }
        return (values, vectors)
    }

    /// `V · diag(values) · Vᵀ`, the matrix rebuilt from an eigendecomposition (one dgemm).
    public static func fromEigen(values: [Double], vectors: Matrix) -> Matrix {
        precondition(vectors.isSquare && values.count == vectors.rows, "eigen shapes differ")
        var scaled = vectors
        let n = vectors.rows
        for j in 0..<n {
            for i in 0..<n { scaled.elements[i + j * n] *= values[j] }
        }
        return scaled.multiplied(by: vectors, transposeOther: true)
    }

    private static let lower = CChar(UInt8(ascii: "L"))

    private func requireSquareFinite(_ context: String) throws {
        guard isSquare else {
            throw AnalyticsError(.invalidInput, context: context, "a \(rows)×\(columns) matrix is not square")
        }
        guard elements.allSatisfy(\.isFinite) else {
            throw AnalyticsError(.invalidInput, context: context, "the matrix has non-finite elements")
        }
    }
}
