import Foundation
import TickFlowTestSupport

/// Stopping a child started with `Command.spawn` without waiting forever: SIGTERM, then SIGKILL if it has not
/// exited within `grace` (a stuck graceful shutdown must not hang the suite).
enum ChildProcess {
    /// The child's exit status if it has exited (reaping it): its exit code, or 128 + the signal that ended it.
    static func exitStatus(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Whether the child has exited (reaping it if so).
    static func hasExited(_ pid: pid_t) -> Bool { exitStatus(pid) != nil }

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
