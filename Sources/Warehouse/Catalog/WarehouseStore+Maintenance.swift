import Foundation

extension WarehouseStore {
    /// Merges each partition's files smaller than `smallerThan` bytes into one file, in one commit per table.
    ///
    /// - Returns: how many files were merged away.
    /// - Throws: ``WarehouseError`` (`.commitConflict` when a concurrent commit removed one of the files).
    @discardableResult
    public func compact(table: TableDefinition, smallerThan: Int = 64 << 20) throws -> Int {
        let snapshot = try catalog.current()
        let candidates = Dictionary(grouping: snapshot.files(of: table.name).filter { $0.bytes < smallerThan }, by: \.partition)
        var added: [DataFile] = []
        var removed: [String] = []
        for (partition, files) in candidates where files.count > 1 {
            var batches: [RecordBatch] = []
            for file in files {
                let batch = try ParquetReader(path: absolutePath(file)).readAll()
                guard batch.schema == table.schema else {
                    throw WarehouseError(.schemaMismatch, "schema differs from \(table.name)'s", path: absolutePath(file))
                }
                batches.append(batch)
            }
            let merged = Self.sortedByTime(try RecordBatch.concatenate(batches), column: table.timeColumn)
            added.append(try writeFile(merged, table: table, partition: partition))
            removed.append(contentsOf: files.map(\.path))
        }
        guard !added.isEmpty else { return 0 }
        try catalog.commit(Catalog.Change(operation: "compact \(table.name)", added: added, removed: removed))
        return removed.count
    }

    /// Drops a table's partitions older than `cutoff` (their files leave the snapshot; ``vacuum(keepVersions:minimumAgeSeconds:)``
    /// deletes them later).
    ///
    /// - Returns: the partitions dropped.
    @discardableResult
    public func dropPartitions(table: TableDefinition, olderThan cutoff: PartitionDate) throws -> [PartitionDate] {
        let files = try catalog.current().files(of: table.name).filter { $0.partition < cutoff }
        guard !files.isEmpty else { return [] }
        try catalog.commit(Catalog.Change(operation: "retention \(table.name) < \(cutoff)", removed: files.map(\.path)))
        return Set(files.map(\.partition)).sorted()
    }

    /// What ``vacuum(keepVersions:minimumAgeSeconds:)`` removed.
    public struct VacuumReport: Sendable, Hashable {
        /// Data and temporary files deleted.
        public var deletedFiles: [String]
        /// Manifests deleted.
        public var deletedManifests: Int
    }

    /// Deletes what no kept snapshot needs: manifests older than the last `keepVersions`, and files under the
    /// tables that none of the kept snapshots references (left over by compaction, retention or a crash) and
    /// that are older than `minimumAgeSeconds` (so that files of a commit in flight survive).
    public func vacuum(keepVersions: Int = 10, minimumAgeSeconds: Double = 3600) throws -> VacuumReport {
        let versions = catalog.versions()
        let kept = versions.suffix(max(1, keepVersions))
        var referenced = Set<String>()
        for version in kept { for file in try catalog.snapshot(version: version).files { referenced.insert(file.path) } }
        var deleted: [String] = []
        for table in FileSystem.listDirectory(root) where !table.hasPrefix("_") && !table.hasPrefix(".") {
            for partition in FileSystem.listDirectory("\(root)/\(table)") where partition.hasPrefix("date=") {
                for name in FileSystem.listDirectory("\(root)/\(table)/\(partition)") {
                    let relative = "\(table)/\(partition)/\(name)"
                    let path = "\(root)/\(relative)"
                    guard !referenced.contains(relative), (FileSystem.ageSeconds(path) ?? 0) >= minimumAgeSeconds else { continue }
                    FileSystem.remove(path)
                    deleted.append(relative)
                }
            }
        }
        for name in FileSystem.listDirectory(catalog.directory) where name.hasPrefix(".tmp-") {
            if (FileSystem.ageSeconds("\(catalog.directory)/\(name)") ?? 0) >= minimumAgeSeconds { FileSystem.remove("\(catalog.directory)/\(name)") }
        }
        let oldest = kept.first ?? 0
        let dropped = versions.filter { $0 < oldest }.count
        catalog.removeManifests(before: oldest)
        return VacuumReport(deletedFiles: deleted.sorted(), deletedManifests: dropped)
    }
}
