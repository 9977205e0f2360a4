import Testing
import TickFlowTestSupport
@testable import Analytics

@Suite struct EWMACovarianceTests {
    struct Input: Encodable {
        var returns: [[Double]]
        var lambda: Double
    }

    struct Reference: Decodable {
        var covariance: [[Double]]
        var correlation: [[Double]]
    }

    /// 500 incremental rank-one updates over 30 instruments equal numpy's batch
    /// `(1−λ) Σₜ λ^{T−t} rₜ rₜᵀ` of the same returns (1e-12 relative to the largest variance).
    @Test func incrementalUpdatesEqualTheBatchEstimate() throws {
        let n = 30, t = 500
        let factor = try Matrix(rowArrays: TestData.covarianceRows(n, seed: 21)).cholesky()
        let shocks = TestData.normals(n * t, seed: 22)
        let returns = (0..<t).map { k in factor.multiplied(by: Array(shocks[(k * n)..<((k + 1) * n)])) }
        let reference = try PythonReference.run(
            """
            r = np.array(data["returns"]); lam = data["lambda"]; T = len(r)
            w = (1 - lam) * lam ** np.arange(T - 1, -1, -1)
            cov = (r * w[:, None]).T @ r
            d = np.sqrt(np.diag(cov))
            print(json.dumps({"covariance": cov.tolist(), "correlation": (cov / np.outer(d, d)).tolist()}))
            """, input: Input(returns: returns, lambda: 0.94), as: Reference.self)
        var estimator = try EWMACovariance(dimension: n)
        for r in returns { try estimator.update(r) }
        let expected = try Matrix(rowArrays: reference.covariance)
        let scale = expected.diagonalElements.max() ?? 1
        #expect(estimator.covariance.maxAbsDifference(expected) < 1e-12 * scale)
        #expect(estimator.correlation.maxAbsDifference(try Matrix(rowArrays: reference.correlation)) < 1e-11)
        #expect(estimator.count == t)
    }

    @Test func malformedVectorsAreRejectedAndLeaveTheStateUnchanged() throws {
        var estimator = try EWMACovariance(dimension: 3, lambda: 0.97)
        try estimator.update([0.01, -0.02, 0.005])
        let before = estimator
        #expect(throws: AnalyticsError.self) { try estimator.update([0.01, 0.02]) }
        #expect(throws: AnalyticsError.self) { try estimator.update([0.01, .nan, 0]) }
        #expect(estimator == before)
        #expect(throws: AnalyticsError.self) { try EWMACovariance(dimension: 3, lambda: 1.5) }
    }
}
