import Analytics
import Foundation
import TickFlowTestSupport

/// Runs a reference computation in the repository's Python (numpy, scipy, arch from `.venv/`): the input is
/// JSON-encoded into a temporary file whose path is `sys.argv[1]`, the script prints one JSON document.
enum PythonReference {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `script` on `input` and decodes its output as `Output`.
    static func run<Input: Encodable, Output: Decodable>(
        _ script: String, input: Input, as type: Output.Type = Output.self
    ) throws -> Output {
        let python = Repository.python
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: "\(python) is missing: run scripts/bootstrap")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-analytics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputPath = directory.appendingPathComponent("input.json")
        let scriptPath = directory.appendingPathComponent("reference.py")
        try JSONEncoder().encode(input).write(to: inputPath)
        try ("import json, sys\nimport numpy as np\ndata = json.load(open(sys.argv[1]))\n" + script)
            .write(to: scriptPath, atomically: true, encoding: .utf8)
        let output = try Command.run(python, [scriptPath.path, inputPath.path])
        guard output.status == 0 else {
            throw Failure(description: "reference script failed (\(output.status)): \(output.stderr)")
        }
        // JSONDecoder, not JSONSerialization: on Linux the latter does not parse doubles exactly.
        return try JSONDecoder().decode(Output.self, from: Data(output.stdout.utf8))
    }
}

/// Deterministic test data.
enum TestData {
    /// `count` standard normals from a fixed seed.
    static func normals(_ count: Int, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.nextNormal() }
    }

    /// A random covariance `B Bᵀ / n + diag(d)` of `n` assets with daily volatilities around 1–3 %.
    static func covarianceRows(_ n: Int, seed: UInt64) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        let factors = 3
        let loadings = (0..<n).map { _ in (0..<factors).map { _ in 0.01 * generator.nextNormal() } }
        let idiosyncratic = (0..<n).map { _ in 0.0001 + 0.0004 * generator.nextUniform() }
        return (0..<n).map { i in
            (0..<n).map { j in
                let common = (0..<factors).reduce(0.0) { $0 + loadings[i][$1] * loadings[j][$1] }
                return common + (i == j ? idiosyncratic[i] : 0)
            }
        }
    }
}

/// `|a − b| ≤ absolute + relative·|b|`.
func close(_ a: Double, _ b: Double, absolute: Double = 0, relative: Double = 0) -> Bool {
    abs(a - b) <= absolute + relative * abs(b)
}
