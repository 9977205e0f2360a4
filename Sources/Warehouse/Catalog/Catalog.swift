import Foundation
import Model

/// The warehouse catalog: a sequence of immutable snapshot manifests `_catalog/v<version>.json`.
///
/// A commit writes the next version to a temporary file, fsyncs it, then links it to its final name — which
/// fails if another writer got there first, so versions are never overwritten — and fsyncs the directory.
/// Readers take the highest version: they see whole snapshots only, and a crash at any point leaves the
/// previous snapshot in force (temporary files are never read).
public struct Catalog: Sendable {
    /// The warehouse root directory.
    public let root: String
    /// Where manifests live.
    public var directory: String { root + "/_catalog" }

    /// Opens (creating if needed) the catalog of a warehouse directory.
    ///
    /// - Throws: ``WarehouseError`` (`.io`) when the directory cannot be created.
    public init(root: String) throws {
        self.root = root
        try FileSystem.createDirectory(root + "/_catalog")
    }

    /// The committed versions, oldest first.
    public func versions() -> [Int64] {
        FileSystem.listDirectory(directory).compactMap(Self.version(ofManifest:)).sorted()
    }

    /// The latest snapshot (``Snapshot/empty`` before the first commit).
    ///
    /// - Throws: ``WarehouseError`` (`.catalog`) when the latest manifest is unreadable.
    public func current() throws -> Snapshot {
        guard let latest = versions().last else { return .empty }
        return try snapshot(version: latest)
    }

    /// A snapshot by version (time travel).
    ///
    /// - Throws: ``WarehouseError`` (`.catalog`) when the version does not exist or is unreadable.
    public func snapshot(version: Int64) throws -> Snapshot {
        if version == 0 { return .empty }
        let path = manifestPath(version)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WarehouseError(.catalog, "no snapshot version \(version); versions are \(versions().map(String.init).joined(separator: ", "))", path: path)
        }
        do {
            return try JSONDecoder().decode(Snapshot.self, from: data)
        } catch {
            throw WarehouseError(.catalog, "unreadable manifest", path: path, underlying: error as NSError)
        }
    }

    /// A change to commit.
    public struct Change: Sendable {
        /// Files to add (already durable under their final names).
        public var added: [DataFile] = []
        /// Paths of files to remove; each must be live in the snapshot the change applies to.
        public var removed: [String] = []
        /// Source offsets to record, keyed `topic:partition`.
        public var sourceOffsets: [String: Int64] = [:]
        /// For exactly-once ingestion: the offsets the writer expects the catalog to hold now (nil = none yet).
        /// A mismatch means another writer ingested the same partition: the commit fails with `.commitConflict`.
        public var expectedSourceOffsets: [String: Int64?] = [:]
        /// A word for the log (`append`, `compact`, `retention`).
        public var operation: String

        /// Creates a change.
        public init(operation: String, added: [DataFile] = [], removed: [String] = [],
                    sourceOffsets: [String: Int64] = [:], expectedSourceOffsets: [String: Int64?] = [:]) {
            self.operation = operation
            self.added = added
            self.removed = removed
            self.sourceOffsets = sourceOffsets
            self.expectedSourceOffsets = expectedSourceOffsets
        }
    }

    /// Commits a change as the next version, retrying when another writer commits first.
    ///
    /// - Returns: the new snapshot.
    /// - Throws: ``WarehouseError``: `.commitConflict` when a removed file is no longer live or source offsets
    ///   moved; `.io` on a file-system failure.
    @discardableResult
    public func commit(_ change: Change) throws -> Snapshot {
        for _ in 0..<100 {
            let base = try current()
            let live = Set(base.files.map(\.path))
            for path in change.removed where !live.contains(path) {
                throw WarehouseError(.commitConflict, "\(path) is no longer live at version \(base.version)", path: directory)
            }
            for (key, expected) in change.expectedSourceOffsets where base.sourceOffsets[key] != expected {
                throw WarehouseError(
                    .commitConflict,
                    "source \(key) is at \(base.sourceOffsets[key].map(String.init) ?? "nothing"), expected \(expected.map(String.init) ?? "nothing")",
                    path: directory)
            }
            let removed = Set(change.removed)
            var next = base
            next.version = base.version + 1
            next.committedAtNanos = Timestamp.now()
            next.operation = change.operation
            next.files = base.files.filter { !removed.contains($0.path) } + change.added
            next.sourceOffsets.merge(change.sourceOffsets) { _, new in new }
            if try publish(next) { return next }
        }
        throw WarehouseError(.commitConflict, "gave up after 100 concurrent commits", path: directory)
    }

    private func publish(_ snapshot: Snapshot) throws -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = [UInt8](try encoder.encode(snapshot))
        let temporary = "\(directory)/.tmp-\(UUID().uuidString).json"
        defer { FileSystem.remove(temporary) }
        if CrashPoint.armedPoint == .duringManifestWrite {
            try FileSystem.writeDurably(Array(bytes.prefix(bytes.count / 2)), to: temporary)
            CrashPoint.duringManifestWrite.reach()
        }
        try FileSystem.writeDurably(bytes, to: temporary)
        CrashPoint.beforeLink.reach()
        guard try FileSystem.linkIfAbsent(temporary, manifestPath(snapshot.version)) else { return false }
        try FileSystem.syncDirectory(directory)
        return true
    }

    /// Removes manifests older than `version` (their snapshots can no longer be read).
    func removeManifests(before version: Int64) {
        for v in versions() where v < version { FileSystem.remove(manifestPath(v)) }
    }

    func manifestPath(_ version: Int64) -> String {
        let digits = String(version)
        return "\(directory)/v\(String(repeating: "0", count: max(0, 20 - digits.count)))\(digits).json"
    }

    static func version(ofManifest name: String) -> Int64? {
        guard name.hasPrefix("v"), name.hasSuffix(".json") else { return nil }
        return Int64(name.dropFirst().dropLast(5))
    }
}
