import Foundation

/// Runs a reference computation in the repository's Python (numpy, scipy, arch, pyarrow, DuckDB from `.venv/`):
/// the input is JSON-encoded into a temporary file whose path is `sys.argv[1]`, the script prints one JSON
/// document.
public enum PythonReference {
    /// The reference script failed or the venv is missing.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `script` (after `import json, sys; import numpy as np; data = json.load(...)`) on `input` and decodes
    /// its output as `Output`.
    public static func run<Input: Encodable, Output: Decodable>(
        _ script: String, input: Input, as type: Output.Type = Output.self
    ) throws -> Output {
        let python = Repository.python
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: "\(python) is missing: run scripts/bootstrap")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-reference-\(UUID().uuidString)")
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
