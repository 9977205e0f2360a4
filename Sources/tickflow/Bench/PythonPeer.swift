import Foundation

/// The Python reference tools of `.venv/` (pyarrow, DuckDB, simplefix…), run as benchmark peers.
struct PythonPeer {
    /// The interpreter: `$TICKFLOW_PYTHON`, else `.venv/bin/python` (made by `scripts/bootstrap`).
    let python: String

    /// Finds the interpreter.
    /// - Throws: ``BenchError`` when it is missing.
    init() throws {
        python = ProcessInfo.processInfo.environment["TICKFLOW_PYTHON"] ?? ".venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw BenchError("\(python) not found: run scripts/bootstrap (or set TICKFLOW_PYTHON)")
        }
    }

    /// Runs `script` with `arguments` and returns the last line it printed (its measurement).
    /// - Throws: ``BenchError`` when the script exits with a non-zero status.
    func run(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            throw BenchError("the Python peer exited with status \(process.terminationStatus): \(text)")
        }
        return text.split(separator: "\n").last.map(String.init) ?? ""
    }
}
