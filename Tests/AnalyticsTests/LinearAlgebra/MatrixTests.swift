import Testing
import TickFlowTestSupport
@testable import Analytics

@Suite struct MatrixTests {
    struct Input: Encodable {
        var a: [[Double]]
        var x: [Double]
    }

    struct Reference: Decodable {
        var cholesky: [[Double]]
        var eigenvalues: [Double]
        var product: [[Double]]
        var gemv: [Double]
    }

    /// Cholesky, eigenvalues and products of a 40×40 covariance against numpy (1e-12 relative to the scale).
    @Test func factorizationsAndProductsMatchNumpy() throws {
        let rows = TestData.covarianceRows(40, seed: 7)
        let a = try Matrix(rowArrays: rows)
        let x = TestData.normals(40, seed: 8)
        let reference = try PythonReference.run(
            """
            a = np.array(data["a"]); x = np.array(data["x"])
            w = np.linalg.eigh(a)[0]
            print(json.dumps({"cholesky": np.linalg.cholesky(a).tolist(), "eigenvalues": w.tolist(),
                              "product": (a @ a.T).tolist(), "gemv": (a @ x).tolist()}))
            """, input: Input(a: rows, x: x), as: Reference.self)
        let factor = try a.cholesky()
        let expectedFactor = try Matrix(rowArrays: reference.cholesky)
        let factorError = factor.maxAbsDifference(expectedFactor)
        #expect(factorError < 1e-12)

        let (values, vectors) = try a.symmetricEigen()
        let valueError = zip(values, reference.eigenvalues).map { abs($0 - $1) }.max() ?? 1
        #expect(valueError < 1e-15 + 1e-12 * (values.last ?? 0))
        let rebuilt = Matrix.fromEigen(values: values, vectors: vectors)
        #expect(rebuilt.maxAbsDifference(a) < 1e-15)

        let product = a.multiplied(by: a, transposeOther: true)
        #expect(product.maxAbsDifference(try Matrix(rowArrays: reference.product)) < 1e-16)
        let gemv = a.multiplied(by: x)
        let symv = a.symmetricMultiplied(by: x)
        let gemvError = zip(gemv, reference.gemv).map { abs($0 - $1) }.max() ?? 1
        let symvError = zip(symv, reference.gemv).map { abs($0 - $1) }.max() ?? 1
        #expect(gemvError < 1e-14)
        #expect(symvError < 1e-14)
    }

    @Test func choleskyOfAnIndefiniteMatrixThrowsNotPositiveDefinite() throws {
        let a = try Matrix(rowArrays: [[1, 2], [2, 1]])
        #expect(throws: AnalyticsError.self) { try a.cholesky() }
        do {
            _ = try a.cholesky()
        } catch let error as AnalyticsError {
            #expect(error.code == .notPositiveDefinite)
        }
    }

    @Test func malformedMatricesAreRejected() throws {
        #expect(throws: AnalyticsError.self) { try Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 3]) }
        #expect(throws: AnalyticsError.self) { try Matrix(rowArrays: [[1, 2], [3]]) }
        let nonSquare = Matrix(rows: 2, columns: 3)
        #expect(throws: AnalyticsError.self) { try nonSquare.cholesky() }
        let withNaN = try Matrix(rowArrays: [[1, .nan], [.nan, 1]])
        #expect(throws: AnalyticsError.self) { try withNaN.symmetricEigen() }
    }

    @Test func rankOneUpdateDecaysAndAddsOnTheLowerTriangle() throws {
        var a = try Matrix(rowArrays: [[4, 0], [2, 9]])
        a.decayAndAddRankOne(decay: 0.5, weight: 2, x: [1, 3])
        #expect(a[0, 0] == 4)  // 0.5·4 + 2·1·1
        #expect(a[1, 0] == 7)  // 0.5·2 + 2·1·3
        #expect(a[1, 1] == 22.5)  // 0.5·9 + 2·3·3
        #expect(a[0, 1] == 0)  // the upper triangle is not touched
    }
}
