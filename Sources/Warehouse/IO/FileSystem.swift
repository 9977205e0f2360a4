import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The file-system steps of atomic publication: durable writes, no-overwrite links, renames, directory fsyncs.
enum FileSystem {
    /// Writes `bytes` to `path` and fsyncs it.
    static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let file = try PosixFile.create(path)
        try bytes.withUnsafeBytes { try file.write($0) }
        try file.sync()
        try file.close()
    }

    /// Publishes `source` as `target` only if `target` does not exist (an atomic create-if-absent).
    ///
    /// - Returns: `false` when `target` already exists.
    static func linkIfAbsent(_ source: String, _ target: String) throws -> Bool {
        if link(source, target) == 0 { return true }
        if errno == EEXIST { return false }
        throw PosixFile.error("cannot link \(source) to", target)
    }

    /// Renames atomically, replacing `target`.
    static func rename(_ source: String, _ target: String) throws {
        guard Glibc.rename(source, target) == 0 else { throw PosixFile.error("cannot rename \(source) to", target) }
    }

    /// Makes a directory's entries (new, renamed, removed files) durable.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw PosixFile.error("cannot open directory", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw PosixFile.error("cannot fsync directory", path) }
    }

    static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw WarehouseError(.io, "cannot create directory", path: path, underlying: error as NSError)
        }
    }

    static func remove(_ path: String) {
        unlink(path)
    }

    static func listDirectory(_ path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Seconds since the file was last modified, or `nil` when it does not exist.
    static func ageSeconds(_ path: String) -> Double? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Date().timeIntervalSince1970 - Double(info.st_mtim.tv_sec)
    }
}

/// Crash points for the durability tests: when `TICKFLOW_WAREHOUSE_CRASH_AT` names a point, the process kills
/// itself with SIGKILL there, leaving the disk as a real crash would.
enum CrashPoint: String {
    /// A data file is half written.
    case duringDataWrite = "during-data-write"
    /// Data files are durable but no manifest references them yet.
    case beforeManifest = "before-manifest"
    /// The manifest's temporary file is half written.
    case duringManifestWrite = "during-manifest-write"
    /// The manifest is durable under its temporary name, not yet linked.
    case beforeLink = "before-link"

    static let armedPoint = ProcessInfo.processInfo.environment["TICKFLOW_WAREHOUSE_CRASH_AT"].flatMap(CrashPoint.init)

    /// Dies here if this point is armed.
    func reach() {
        if Self.armedPoint == self { kill(getpid(), SIGKILL) }
    }
}
