/// Repairs of symmetric matrices that lost positive (semi-)definiteness, e.g. a covariance assembled from
/// asynchronous or missing data, before a Cholesky factorisation.
public enum NearestPSD {
    /// The Frobenius-nearest positive semi-definite matrix to symmetric `matrix` (lower triangle read):
    /// eigenvalues below `minimumEigenvalue` are raised to it, `V · diag(max(λ, ε)) · Vᵀ`.
    /// - Throws: what `Matrix.symmetricEigen()` throws.
    public static func clippingEigenvalues(_ matrix: Matrix, minimumEigenvalue: Double = 0) throws -> Matrix {
        let (values, vectors) = try matrix.symmetricEigen()
        var repaired = Matrix.fromEigen(values: values.map { max($0, minimumEigenvalue) }, vectors: vectors)
        repaired.symmetrizeFromLower()
        return repaired
    }

    /// The nearest correlation matrix (PSD with unit diagonal) by Higham's (2002) alternating projections
    /// with Dykstra's correction.
    /// - Throws: `.notConverged` when `maxIterations` pass without the change falling below `tolerance`.
    public static func nearestCorrelation(
        _ matrix: Matrix, tolerance: Double = 1e-10, maxIterations: Int = 500
    ) throws -> Matrix {
        var y = matrix
        y.symmetrizeFromLower()
        var correction = Matrix(rows: matrix.rows, columns: matrix.columns)
        for _ in 0..<maxIterations {
            var r = y
            for k in r.elements.indices { r.elements[k] -= correction.elements[k] }
            let x = try clippingEigenvalues(r)
            for k in r.elements.indices { correction.elements[k] = x.elements[k] - r.elements[k] }
            var next = x
            for i in 0..<next.rows { next[i, i] = 1 }
            let change = next.maxAbsDifference(y)
            y = next
            if change < tolerance { return y }
        }
        throw AnalyticsError(.notConverged, context: "NearestPSD.nearestCorrelation", "no convergence in \(maxIterations) iterations")
    }

    /// The Cholesky factor of `matrix`, repaired first when it is not positive definite: eigenvalues are
    /// raised to `relativeFloor × λ_max` (positive, so the factorisation succeeds).
    /// - Returns: the factor and whether a repair was needed.
    /// - Throws: `.notPositiveDefinite` when even the repaired matrix fails (e.g. all eigenvalues ≤ 0).
    public static func choleskyRepairing(_ matrix: Matrix, relativeFloor: Double = 1e-10) throws -> (factor: Matrix, repaired: Bool) {
        do {
            return (try matrix.cholesky(), false)
        } catch let error as AnalyticsError where error.code == .notPositiveDefinite {
            let largest = try matrix.symmetricEigen().values.last ?? 0
            guard largest > 0 else { throw error }
            let repaired = try clippingEigenvalues(matrix, minimumEigenvalue: largest * relativeFloor)
            return (try repaired.cholesky(), true)
        }
    }
}
