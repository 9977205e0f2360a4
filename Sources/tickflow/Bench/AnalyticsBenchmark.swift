import Analytics
import Foundation
import Model

/// The Analytics benchmarks, on a 500-instrument universe with a 3-factor covariance (daily vols 1–3 %):
///
/// - `var-mc`: Monte Carlo VaR + ES at 99 %, 10,000 normal scenarios (Cholesky, draws, the linear P&L
///   `Z·(Lᵀw)`, sort), against numpy doing the same steps with its BLAS (`default_rng`, `cholesky`, `@`, `sort`,
///   `quantile`). Best of 3 each; both VaRs must lie within 4 standard errors of the analytic VaR or the
///   benchmark fails.
/// - `var-incremental`: one parametric VaR update after one price change (O(n): an axpy on `Σw`), against a
///   full recomputation from Σ after the same change (dsymv + dot, O(n²)), both in this process; same VaR
///   required (1e-9 relative).
/// - `cov-update`: incremental EWMA covariance updates per second (a rank-one dsyr), against numpy
///   recomputing the EWMA covariance from the 250-return window for each new return.
struct AnalyticsBenchmark {
    static let instruments = 500
    let python: PythonPeer
    let directory: URL
    let covariance: Matrix
    let exposures: [Double]

    init() throws {
        python = try PythonPeer()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-bench-analytics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let n = Self.instruments
        var generator = SeededGenerator(seed: 2_026)
        let loadings = Matrix.randomNormal(rows: n, columns: 3, scale: 0.01, generator: &generator)
        var sigma = loadings.multiplied(by: loadings, transposeOther: true)
        for i in 0..<n { sigma[i, i] += 0.0001 + 0.0004 * generator.nextUniform() }
        covariance = sigma
        exposures = (0..<n).map { _ in 1_000_000 * (generator.nextUniform() - 0.2) }
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// Writes doubles as raw little-endian float64 (`np.fromfile`).
    private func write(_ values: [Double], _ name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try values.withUnsafeBytes { try Data($0).write(to: url) }
        return url.path
    }

    func monteCarlo(scenarios: Int) throws -> BenchMeasurement {
        let covariancePath = try write(covariance.elements, "cov.f64")
        let exposuresPath = try write(exposures, "w.f64")
        let engine = MonteCarloVaR(configuration: .init(scenarios: scenarios, seed: 42))
        var ours = Double.infinity, ourVaR = 0.0, ourES = 0.0
        let clock = ContinuousClock()
        for _ in 0..<3 {
            let started = clock.now
            let measure = try engine.simulate(exposures: exposures, covariance: covariance).measure(confidence: 0.99)
            ours = min(ours, (clock.now - started).seconds)
            (ourVaR, ourES) = (measure.valueAtRisk, measure.expectedShortfall)
        }
        let line = try python.run(Self.monteCarloPeer, [covariancePath, exposuresPath, String(Self.instruments), String(scenarios)])
        let fields = line.split(separator: " ").compactMap { Double($0) }
        guard fields.count == 3 else { throw BenchError("the numpy peer printed \(line)") }
        let (theirs, theirVaR, theirES) = (fields[0], fields[1], fields[2])
        // Both estimates must sit within 4 standard errors of the analytic delta-normal VaR of this Gaussian book.
        let analytic = try ParametricVaR.measure(exposures: exposures, covariance: covariance, confidence: 0.99).valueAtRisk
        let standardError = (0.99 * 0.01 / Double(scenarios)).squareRoot() / 0.026652 * analytic / 2.326348
        print("var-mc: VaR99 ours \(Int(ourVaR)) numpy \(Int(theirVaR)) analytic \(Int(analytic)) (SE \(Int(standardError))); ES ours \(Int(ourES)) numpy \(Int(theirES))")
        guard abs(ourVaR - analytic) < 4 * standardError, abs(theirVaR - analytic) < 4 * standardError else {
            throw BenchError("a Monte Carlo VaR is more than 4 standard errors from the analytic \(analytic): ours \(ourVaR), numpy \(theirVaR)")
        }
        return BenchMeasurement(name: "var-mc", ours: ours * 1_000, peer: theirs * 1_000, unit: "ms", higherIsBetter: false)
    }

    static let monteCarloPeer = """
        import sys, time
        import numpy as np
        S = np.fromfile(sys.argv[1]).reshape(int(sys.argv[3]), -1).T
        w = np.fromfile(sys.argv[2]); N = int(sys.argv[4]); best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            L = np.linalg.cholesky(S)
            Z = np.random.default_rng(42).standard_normal((N, len(w)))
            losses = np.sort(-(Z @ (L.T @ w)))
            var = np.quantile(losses, 0.99); es = losses[losses >= var].mean()
            best = min(best, time.perf_counter() - t)
        print(best, var, es)
        """

    func incremental(updates: Int) throws -> BenchMeasurement {
        let n = Self.instruments
        let level = try ParametricVaR.Level(confidence: 0.99)
        let prices = [Double](repeating: 100, count: n)
        let quantities = exposures.map { $0 / 100 }
        var tracker = try IncrementalParametricVaR(covariance: covariance, quantities: quantities, prices: prices)
        var generator = SeededGenerator(seed: 7)
        let moves = (0..<updates).map { _ in (Int(generator.next() % UInt64(n)), 1 + 0.001 * generator.nextNormal()) }
        let clock = ContinuousClock()
        var started = clock.now
        var checksum = 0.0
        for (index, factor) in moves {
            try tracker.updatePrice(at: index, to: tracker.prices[index] * factor)
            checksum += tracker.measure(level).valueAtRisk
        }
        let ours = (clock.now - started).seconds / Double(updates)
        let oursVaR = tracker.measure(level).valueAtRisk

        // The peer: the same price changes, each followed by the full Σw and wᵀΣw.
        let peerUpdates = max(updates / 50, 1)
        var w = zip(quantities, prices).map { $0 * $1 }
        var peerChecksum = 0.0, peerVaR = 0.0
        started = clock.now
        for (index, factor) in moves.prefix(peerUpdates) {
            w[index] *= factor
            let variance = Matrix.dot(w, covariance.symmetricMultiplied(by: w))
            peerVaR = level.measure(portfolioVariance: variance).valueAtRisk
            peerChecksum += peerVaR
        }
        let theirs = (clock.now - started).seconds / Double(peerUpdates)
        var check = try IncrementalParametricVaR(covariance: covariance, quantities: quantities, prices: prices)
        for (index, factor) in moves.prefix(peerUpdates) { try check.updatePrice(at: index, to: check.prices[index] * factor) }
        guard abs(check.measure(level).valueAtRisk - peerVaR) <= 1e-9 * peerVaR else {
            throw BenchError("incremental VaR \(check.measure(level).valueAtRisk) differs from the full recomputation \(peerVaR)")
        }
        print("var-incremental: \(updates) updates, final VaR99 \(Int(oursVaR)) (checksums \(checksum > 0), \(peerChecksum > 0))")
        return BenchMeasurement(name: "var-incremental", ours: ours * 1e6, peer: theirs * 1e6, unit: "us", higherIsBetter: false)
    }

    func covarianceUpdate(updates: Int, window: Int = 250) throws -> BenchMeasurement {
        let n = Self.instruments
        let factor = try covariance.cholesky()
        var generator = SeededGenerator(seed: 11)
        let shocks = Matrix.randomNormal(rows: n, columns: window + updates, scale: 1, generator: &generator)
        let returns = factor.multiplied(by: shocks)  // column t is the return vector at t
        var estimator = try EWMACovariance(dimension: n)
        let columns = (0..<(window + updates)).map { t in Array(returns.elements[(t * n)..<((t + 1) * n)]) }
        for t in 0..<window { try estimator.update(columns[t]) }
        let clock = ContinuousClock(), started = clock.now
        for t in window..<(window + updates) { try estimator.update(columns[t]) }
        let ours = Double(updates) / (clock.now - started).seconds
        let returnsPath = try write(returns.elements, "returns.f64")
        let line = try python.run(Self.covariancePeer, [returnsPath, String(n), String(window), String(min(updates, 200))])
        guard let theirs = Double(line) else { throw BenchError("the numpy peer printed \(line)") }
        print("cov-update: n=\(n), window \(window): \(Int(ours)) updates/s, numpy \(Int(theirs)) recomputations/s")
        return BenchMeasurement(name: "cov-update", ours: ours, peer: theirs, unit: "updates/s", higherIsBetter: true)
    }

    static let covariancePeer = """
        import sys, time
        import numpy as np
        n = int(sys.argv[2]); W = int(sys.argv[3]); K = int(sys.argv[4]); lam = 0.94
        R = np.fromfile(sys.argv[1]).reshape(-1, n)
        weights = (1 - lam) * lam ** np.arange(W - 1, -1, -1)
        t0 = time.perf_counter()
        for k in range(K):
            X = R[k + 1:k + 1 + W]
            cov = (X * weights[:, None]).T @ X
        print(K / (time.perf_counter() - t0))
        """
}

extension Matrix {
    /// A matrix of `scale`-scaled standard normals from `generator`.
    static func randomNormal(rows: Int, columns: Int, scale: Double, generator: inout SeededGenerator) -> Matrix {
        var matrix = Matrix(rows: rows, columns: columns)
        for k in 0..<(rows * columns) { matrix[k % rows, k / rows] = scale * generator.nextNormal() }
        return matrix
    }
}
