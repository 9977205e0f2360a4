import Foundation

/// A throwaway PostgreSQL cluster for benchmarks (initdb + pg_ctl on a free loopback port), as the test
/// harness starts one; under root it belongs to the `postgres` user.
final class BenchPostgres {
    let port: Int
    let directory: String
    let binaries: String

    init() throws {
        guard let initdb = (["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin", "/usr/bin"]
            .map { "\($0)/initdb" }.first { FileManager.default.isExecutableFile(atPath: $0) })
        else { throw BenchError("PostgreSQL is not installed: run scripts/bootstrap") }
        binaries = (initdb as NSString).deletingLastPathComponent
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-pg-bench-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        if getuid() == 0 { try Self.run("/bin/chown", ["postgres:postgres", directory]) }
        try runAsOwner("initdb", ["-D", "\(directory)/data", "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"])
        try runAsOwner("pg_ctl", [
            "-D", "\(directory)/data", "-l", "\(directory)/log", "-w", "-o",
            "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c max_connections=200", "start",
        ])
    }

    deinit {
        try? runAsOwner("pg_ctl", ["-D", "\(directory)/data", "-m", "fast", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a client tool of the cluster's installation (pgbench, psql) and returns its standard output.
    func client(_ tool: String, _ arguments: [String]) throws -> String {
        try Self.run("\(binaries)/\(tool)", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres"] + arguments)
    }

    private func runAsOwner(_ tool: String, _ arguments: [String]) throws {
        if getuid() == 0 {
            try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(binaries)/\(tool)"] + arguments)
        } else {
            try Self.run("\(binaries)/\(tool)", arguments)
        }
    }

    /// Runs a command to completion with `posix_spawn` and `waitpid`, output to a file: pg_ctl's daemon
    /// inherits descriptors, which keeps a pipe (or Foundation's `Process` exit monitoring) waiting.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-bench-out-\(UUID().uuidString)").path
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        var allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw BenchError("\(executable) \(arguments.joined(separator: " ")) exited with status \(status): \(text)")
        }
        return text
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw BenchError("bind() failed") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
