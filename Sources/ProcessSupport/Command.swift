import Foundation

/// Runs external programs: server binaries, psql and pgbench, python (for the test harness and the benchmarks).
public enum Command {
    /// The result of a finished program.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `executable` with `arguments`, waits, and returns its output; throws if it cannot be started.
    ///
    /// Spawned with `posix_spawn` and reaped with `waitpid`, output through temporary files: servers that
    /// daemonize inherit descriptors, which would keep a pipe (or Foundation's `Process` exit monitoring) waiting.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> Output {
        let directory = FileManager.default.temporaryDirectory.path
        let id = UUID().uuidString
        let outPath = "\(directory)/tickflow-cmd-\(id).out", errPath = "\(directory)/tickflow-cmd-\(id).err"
        let inPath = input == nil ? "/dev/null" : "\(directory)/tickflow-cmd-\(id).in"
        if let input { try Data(input.utf8).write(to: URL(fileURLWithPath: inPath)) }
        defer { [outPath, errPath, input == nil ? nil : inPath].compactMap { $0 }.forEach { unlink($0) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let pid = try launch(executable, arguments, actions: &actions)
        return Output(
            status: wait(for: pid),
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Starts `executable` without waiting for it: for processes a test kills (`SIGKILL`) or stops (`SIGTERM`).
    ///
    /// Like ``run(_:_:input:)``, the child gets an empty signal mask and default handlers, so `SIGTERM` reaches it;
    /// stdout and stderr go to `logPath` (appended).
    ///
    /// - Throws: ``CommandError`` if it cannot be started.
    public static func spawn(_ executable: String, _ arguments: [String], logPath: String = "/dev/null") throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        return try launch(executable, arguments, actions: &actions)
    }

    /// Sends `signal` to a child started by ``spawn(_:_:logPath:)`` and waits for it.
    ///
    /// - Returns: its exit status (128 + signal number when a signal ended it).
    @discardableResult
    public static func stop(_ pid: pid_t, signal: Int32) -> Int32 {
        kill(pid, signal)
        return wait(for: pid)
    }

    /// Spawns with the given descriptors. Threads of a test runner (or any async runtime) block signals; a child
    /// (and the daemon it forks) would inherit that mask and never see SIGTERM, so it starts with nothing blocked
    /// and default handlers.
    private static func launch(
        _ executable: String, _ arguments: [String], actions: inout posix_spawn_file_actions_t
    ) throws -> pid_t {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw CommandError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        return pid
    }

    /// Reaps a child: its exit code, or 128 + the signal that ended it.
    private static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs a program and throws, with its stderr, unless it exits 0.
    @discardableResult
    public static func check(_ executable: String, _ arguments: [String], input: String? = nil) throws -> Output {
        let output = try run(executable, arguments, input: input)
        guard output.status == 0 else {
            throw CommandError(
                "\(executable) \(arguments.joined(separator: " ")) exited \(output.status): \(output.stderr)\(output.stdout)")
        }
        return output
    }

    /// The first of `names` found on PATH or in the given directories.
    public static func find(_ names: [String], in extraDirectories: [String] = []) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories = extraDirectories + path.split(separator: ":").map(String.init)
        for name in names {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }

    /// Whether this process runs as root (CI does), in which case servers run as an unprivileged user.
    public static var isRoot: Bool { getuid() == 0 }
}

extension Command {
    /// ``run(_:_:input:)`` on a thread of its own, for async callers: waiting for a long program (a load
    /// generator) must not hold one of the few cooperative threads that the code under test needs.
    ///
    /// - Throws: ``CommandError`` if the program cannot be started.
    public static func runDetached(_ executable: String, _ arguments: [String]) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try run(executable, arguments) }) }
            thread.start()
        }
    }
}
