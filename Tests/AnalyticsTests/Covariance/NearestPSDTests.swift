import Testing
import TickFlowTestSupport
@testable import Analytics

@Suite struct NearestPSDTests {
    struct Input: Encodable {
        var a: [[Double]]
    }

    struct Reference: Decodable {
        var clipped: [[Double]]
        var minEigenvalue: Double
    }

    /// A correlation matrix broken by inconsistent pairwise estimates (indefinite): clipping its eigenvalues
    /// gives a PSD matrix equal to numpy's `V·diag(max(w,0))·Vᵀ` (1e-12), and the repaired Cholesky succeeds.
    @Test func clippingMatchesNumpyAndRepairsCholesky() throws {
        let n = 12
        var rows = (0..<n).map { i in (0..<n).map { j in i == j ? 1.0 : 0.6 } }
        rows[0][1] = -0.7; rows[1][0] = -0.7
        rows[2][5] = -0.8; rows[5][2] = -0.8
        let a = try Matrix(rowArrays: rows)
        let reference = try PythonReference.run(
            """
            a = np.array(data["a"]); w, v = np.linalg.eigh(a)
            print(json.dumps({"clipped": (v @ np.diag(np.maximum(w, 0)) @ v.T).tolist(), "minEigenvalue": float(w[0])}))
            """, input: Input(a: rows), as: Reference.self)
        #expect(reference.minEigenvalue < 0)  // the input really is indefinite
        #expect(throws: AnalyticsError.self) { try a.cholesky() }

        let clipped = try NearestPSD.clippingEigenvalues(a)
        #expect(clipped.maxAbsDifference(try Matrix(rowArrays: reference.clipped)) < 1e-12)
        let smallest = try clipped.symmetricEigen().values.first ?? -1
        #expect(smallest > -1e-12)

        let (factor, repaired) = try NearestPSD.choleskyRepairing(a)
        #expect(repaired)
        let rebuilt = factor.multiplied(by: factor, transposeOther: true)
        #expect(rebuilt.maxAbsDifference(clipped) < 1e-8)

        let correlation = try NearestPSD.nearestCorrelation(a)
        let unitDiagonal = correlation.diagonalElements.allSatisfy { abs($0 - 1) < 1e-12 }
        #expect(unitDiagonal)
        let correlationMin = try correlation.symmetricEigen().values.first ?? -1
        #expect(correlationMin > -1e-9)
    }

    @Test func aPositiveDefiniteMatrixIsNotRepaired() throws {
        let a = try Matrix(rowArrays: TestData.covarianceRows(8, seed: 4))
        let (factor, repaired) = try NearestPSD.choleskyRepairing(a)
        #expect(!repaired)
        #expect(factor == (try a.cholesky()))
    }
}
