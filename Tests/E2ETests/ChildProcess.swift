import Foundation
import TickFlowTestSupport

/// Stopping a child started with `Command.spawn` without waiting forever: SIGTERM, then SIGKILL if it has not
/// exited within `grace` (a stuck graceful shutdown must not hang the suite).
enum ChildProcess {
    /// Whether the child has exited (reaping it if so).
    static func hasExited(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }

    static func stop(_ pid: pid_t, grace: Duration = .seconds(20)) {
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline {
            if hasExited(pid) { return }
            usleep(100_000)
        }
        Command.stop(pid, signal: SIGKILL)
    }

    /// The last `characters` of a log file, for failure messages.
    static func tail(_ path: String, characters: Int = 3_000) -> String {
        String((try? String(contentsOfFile: path, encoding: .utf8))?.suffix(characters) ?? "")
    }
}

/// Polls `condition` until it holds or `timeout` passes; a bound on waiting, not a performance threshold.
func eventually(timeout: Duration, every interval: Duration = .milliseconds(500), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}
