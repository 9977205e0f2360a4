import Foundation
import ProcessSupport

/// The summary line the benchmarks' wrk scripts print in `done`:
/// `WRK ok=… failed=… errors=… duration_us=… p50_us=… p99_us=…` (`ok`: responses the script counted as
/// successes; `failed`: the other responses; `errors`: connect, read, write and timeout errors).
struct WrkResult {
    var succeeded = 0, failed = 0
    var seconds = 0.0, p50 = 0.0, p99 = 0.0

    /// Runs wrk with `arguments` and reads its summary line.
    ///
    /// - Throws: ``BenchError`` when wrk is missing (`scripts/bootstrap` installs it), fails, or prints no summary.
    init(running arguments: [String]) async throws {
        guard let wrk = Command.find(["wrk"]) else { throw BenchError("wrk not found: run scripts/bootstrap") }
        let output = try await Command.runDetached(wrk, arguments)
        guard output.status == 0, let line = output.stdout.split(separator: "\n").first(where: { $0.hasPrefix("WRK ") }) else {
            throw BenchError("wrk exited \(output.status) without a summary: \(output.stderr)\(output.stdout)")
        }
        var fields: [Substring: Int] = [:]
        for pair in line.split(separator: " ").dropFirst() {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let value = Int(parts[1]) { fields[parts[0]] = value }
        }
        guard let duration = fields["duration_us"], duration > 0 else { throw BenchError("wrk summary without a duration: \(line)") }
        succeeded = fields["ok"] ?? 0
        failed = (fields["failed"] ?? 0) + (fields["errors"] ?? 0)
        seconds = Double(duration) / 1e6
        p50 = Double(fields["p50_us"] ?? 0) / 1e6
        p99 = Double(fields["p99_us"] ?? 0) / 1e6
    }
}
