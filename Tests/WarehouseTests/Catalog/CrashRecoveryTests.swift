import Foundation
import Testing
import TickFlowTestSupport
@testable import Warehouse

/// Kills `tickflow warehouse load-sample` with SIGKILL at each crash point and mid-run, then checks that the
/// catalog opens at the previous snapshot and that no partial file is visible.
@Suite struct CrashRecoveryTests {
    static var tickflow: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tickflow").path
    }

    /// Every file of the snapshot exists and reads completely.
    static func checkConsistent(_ store: WarehouseStore) throws -> Snapshot {
        let snapshot = try store.catalog.current()
        for file in snapshot.files {
            let batch = try ParquetReader(path: store.absolutePath(file)).readAll()
            #expect(batch.count == file.rows)
        }
        let rows = try TableScanner(store: store).collect(ScanRequest(table: Tables.trades)).count
        #expect(rows == snapshot.files.reduce(0) { $0 + $1.rows })
        return snapshot
    }

    @Test(arguments: ["during-data-write", "before-manifest", "during-manifest-write", "before-link"])
    func killAtCrashPointKeepsPreviousSnapshot(point: String) throws {
        let root = try WarehouseFixtures.temporaryDirectory()
        try Command.check(Self.tickflow, ["warehouse", "load-sample", "--warehouse", root, "--commits", "2", "--rows", "500"])
        let killed = try Command.run("/usr/bin/env", [
            "TICKFLOW_WAREHOUSE_CRASH_AT=\(point)", Self.tickflow, "warehouse", "load-sample", "--warehouse", root,
            "--commits", "1", "--rows", "500",
        ])
        #expect(killed.status == 128 + 9, "expected SIGKILL, got \(killed.status): \(killed.stderr)")

        let store = try WarehouseStore(root: root)
        let snapshot = try Self.checkConsistent(store)
        #expect(snapshot.version == 2)
        #expect(snapshot.files.count == 2)
        // The crash left debris (a temp file or an unreferenced part) that vacuum removes; readers never see it.
        let report = try store.vacuum(keepVersions: 10, minimumAgeSeconds: 0)
        #expect(report.deletedFiles.allSatisfy { !snapshot.files.map(\.path).contains($0) })
        // And the warehouse keeps working.
        try Command.check(Self.tickflow, ["warehouse", "load-sample", "--warehouse", root, "--commits", "1", "--rows", "500"])
        #expect(try Self.checkConsistent(store).version == 3)
    }

    @Test func killAtRandomMomentsLeavesAConsistentSnapshot() throws {
        let root = try WarehouseFixtures.temporaryDirectory()
        for delay in [40_000, 120_000, 250_000, 400_000] as [useconds_t] {
            let pid = try Self.spawn([Self.tickflow, "warehouse", "load-sample", "--warehouse", root, "--commits", "200", "--rows", "300"])
            usleep(delay)
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            _ = try Self.checkConsistent(try WarehouseStore(root: root))
        }
        let versions = try WarehouseStore(root: root).catalog.versions()
        #expect(versions == Array(1...Int64(versions.count)))
    }

    static func spawn(_ argv: [String]) throws -> pid_t {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let result = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
        guard result == 0 else { throw TestServerError("cannot spawn \(argv[0])") }
        return pid
    }
}
