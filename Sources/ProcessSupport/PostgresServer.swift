import Foundation

/// A throwaway PostgreSQL cluster (initdb + pg_ctl) on a free loopback port, removed when released.
///
/// initdb refuses to run as root, so under root (as in CI) the cluster belongs to the `postgres` user and
/// commands run through `runuser`.
public final class PostgresServer: @unchecked Sendable {
    /// The port it listens on, on 127.0.0.1.
    public let port: Int
    /// The superuser name (trust authentication on loopback).
    public let user = "postgres"
    /// The database that always exists.
    public let database = "postgres"
    private let directory: String
    private let binaries: String

    /// Creates and starts a cluster.
    ///
    /// - Parameter settings: server settings (`-c name=value`); by default `fsync=off`, which tests want and a
    ///   benchmark that compares commit costs does not.
    /// - Throws: ``CommandError`` if PostgreSQL is missing (run `scripts/bootstrap`) or does not start.
    public init(settings: [String: String] = ["fsync": "off"]) throws {
        guard let initdb = Command.find(["initdb"], in: Self.candidateDirectories) else {
            throw CommandError("PostgreSQL server binaries not found: run scripts/bootstrap (apt-get install -y postgresql)")
        }
        binaries = (initdb as NSString).deletingLastPathComponent
        // Named after this process, so that scripts/test cleans up only servers whose owner is gone.
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-pg-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if Command.isRoot { try Command.check("/bin/chown", ["postgres:postgres", directory]) }
        port = try FreePort.next()
        try runAsOwner("initdb", [
            "-D", "\(directory)/data", "-U", user, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
        ])
        try runAsOwner("pg_ctl", [
            "-D", "\(directory)/data", "-l", "\(directory)/log", "-w", "-o",
            "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1"
                + settings.sorted { $0.key < $1.key }.map { " -c \($0.key)=\($0.value)" }.joined(),
            "start",
        ])
    }

    deinit {
        destroy()
    }

    /// Stops the cluster and deletes its files: what `deinit` does, for a server that is never released (one kept
    /// in a static for a whole test process, torn down at exit).
    public func destroy() {
        try? stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The connection URL, e.g. for PostgresNIO or psql.
    public var url: String { "postgres://\(user)@127.0.0.1:\(port)/\(database)" }

    /// Stops the cluster (fast shutdown).
    public func stop() throws {
        guard FreePort.isListening(port) else { return }
        try runAsOwner("pg_ctl", ["-D", "\(directory)/data", "-m", "fast", "-w", "stop"])
    }

    /// Runs SQL through psql and returns its unaligned, tuples-only output.
    public func psql(_ sql: String) throws -> String {
        try client("psql", ["-d", database, "-At", "-c", sql]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a client program of the installation (psql, pgbench) against the cluster and returns its
    /// standard output.
    ///
    /// - Throws: ``CommandError`` when it is missing or does not exit 0.
    public func client(_ tool: String, _ arguments: [String]) throws -> String {
        guard let path = Command.find([tool], in: [binaries]) else { throw CommandError("\(tool) not found") }
        return try Command.check(path, ["-h", "127.0.0.1", "-p", String(port), "-U", user] + arguments).stdout
    }

    private func runAsOwner(_ tool: String, _ arguments: [String]) throws {
        let path = "\(binaries)/\(tool)"
        if Command.isRoot {
            try Command.check("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
        } else {
            try Command.check(path, arguments)
        }
    }

    private static var candidateDirectories: [String] {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "\(root)/\($0)/bin" }
    }
}
