import Foundation
import Logging

/// Partition snapshots as files in a directory: one file per snapshot, written atomically (``DurableFile``).
///
/// Files are named `<stage>~<group>~<topic>~<partition>.<generation>.snap`; the two newest generations of each
/// partition are kept so that a file damaged on disk (caught by its CRC) falls back to the previous snapshot.
/// Falling back is safe: an older snapshot covers less input and fewer outputs, so more is replayed and more
/// regenerated output is recognised as already written.
public struct FilePartitionStateStore: PartitionStateStore {
    /// The directory holding the files.
    public let directory: String
    private let logger: Logger

    /// Opens (creating if needed) a snapshot directory.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if the directory cannot be created.
    public init(directory: String, logger: Logger = Logger(label: "tickflow.processing.state")) throws {
        self.directory = directory
        self.logger = logger
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StreamError(.checkpoint, "cannot create state directory \(directory)", underlying: error)
        }
    }

    public func load(_ key: PartitionStateKey) async throws -> PartitionSnapshot? {
        for generation in try generations(of: key).reversed() {
            let path = self.path(of: key, generation: generation)
            do {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw StreamError(.checkpoint, "cannot read \(path)")
                }
                let snapshot = try PartitionSnapshot(decoding: [UInt8](data))
                guard snapshot.partition == key.partition else {
                    throw StreamError(.checkpoint, "\(path) holds the state of \(snapshot.partition)")
                }
                return snapshot
            } catch {
                logger.error(
                    "skipping a damaged partition snapshot, falling back to an older one",
                    metadata: ["path": "\(path)", "error": "\(error)"])
            }
        }
        return nil
    }

    public func save(_ snapshot: PartitionSnapshot, under key: PartitionStateKey) async throws {
        let existing = try generations(of: key)
        let generation = (existing.last ?? 0) + 1
        try DurableFile.replace(path(of: key, generation: generation), with: snapshot.encoded())
        for old in existing.dropLast() { unlink(path(of: key, generation: old)) }
    }

    public func close() async {}

    /// The path of one generation of a partition's snapshot.
    public func path(of key: PartitionStateKey, generation: UInt64) -> String {
        "\(directory)/\(prefix(of: key))\(generation).snap"
    }

    private func prefix(of key: PartitionStateKey) -> String {
        // `~` cannot appear in a Kafka topic name, so the parts cannot run into each other.
        let name = [key.stage, key.group, key.partition.topic, String(key.partition.partition)]
            .map { $0.replacingOccurrences(of: "/", with: "_") }.joined(separator: "~")
        return name + "."
    }

    /// The generations present for a key, ascending.
    private func generations(of key: PartitionStateKey) throws -> [UInt64] {
        let prefix = prefix(of: key)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw StreamError(.checkpoint, "cannot list state directory \(directory)", underlying: error)
        }
        return names.compactMap { name -> UInt64? in
            guard name.hasPrefix(prefix), name.hasSuffix(".snap") else { return nil }
            return UInt64(name.dropFirst(prefix.count).dropLast(".snap".count))
        }.sorted()
    }
}
