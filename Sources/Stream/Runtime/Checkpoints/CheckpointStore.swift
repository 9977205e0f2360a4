import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checkpoints as files in a directory, written atomically and checked on read.
///
/// A write goes through ``DurableFile`` (temporary file, fsync, rename to `checkpoint-<id>.ckpt`, directory
/// fsync) so the rename itself survives a crash: a reader sees the old set of files or the new one, never a
/// half-written checkpoint under a final name. Each file carries a format number and a CRC-32, so a file damaged
/// on disk is detected; ``loadLatest()`` then falls back to the newest older checkpoint that is intact. The
/// newest ``retained`` checkpoints are kept.
public struct CheckpointStore: CheckpointStorage {
    /// The directory holding the files.
    public let directory: String
    /// How many checkpoints are kept; older ones are deleted after a write. Default 3.
    public let retained: Int
    private let logger: Logger

    /// Opens (creating if needed) a checkpoint directory.
    ///
    /// - Parameters:
    ///   - directory: the directory path.
    ///   - retained: how many checkpoints to keep, at least 2 so that there is something to fall back to.
    ///   - logger: where skipped corrupt checkpoints are reported.
    /// - Throws: ``StreamError`` `.checkpoint` if the directory cannot be created.
    public init(directory: String, retained: Int = 3, logger: Logger = Logger(label: "tickflow.checkpoints")) throws {
        precondition(retained >= 2, "keep at least two checkpoints to fall back to")
        self.directory = directory
        self.retained = retained
        self.logger = logger
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StreamError(.checkpoint, "cannot create checkpoint directory \(directory)", underlying: error)
        }
    }

    /// The path of a checkpoint's file.
    public func path(of id: UInt64) -> String {
        let digits = String(id)
        return "\(directory)/checkpoint-\(String(repeating: "0", count: max(0, 20 - digits.count)))\(digits).ckpt"
    }

    /// Writes a checkpoint atomically and durably, then deletes the ones beyond ``retained``.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if a file operation fails.
    public func write(_ checkpoint: Checkpoint) async throws {
        try DurableFile.replace(path(of: checkpoint.id), with: checkpoint.encoded())
        for id in try ids().dropLast(retained) {
            unlink(path(of: id))
        }
    }

    /// The newest intact checkpoint; corrupt ones are logged and skipped.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if the directory cannot be listed.
    public func loadLatest() async throws -> Checkpoint? {
        for id in try ids().reversed() {
            do {
                return try load(id: id)
            } catch {
                logger.error(
                    "skipping corrupt checkpoint, falling back to an older one",
                    metadata: ["path": "\(path(of: id))", "error": "\(error)"])
            }
        }
        return nil
    }

    /// Reads one checkpoint.
    ///
    /// - Parameter id: its id.
    /// - Throws: ``StreamError`` `.checkpoint` if it is missing, truncated or corrupt.
    public func load(id: UInt64) throws -> Checkpoint {
        let filePath = path(of: id)
        guard let data = FileManager.default.contents(atPath: filePath) else {
            throw StreamError(.checkpoint, "cannot read checkpoint \(filePath)")
        }
        do {
            let checkpoint = try Checkpoint(decoding: [UInt8](data))
            guard checkpoint.id == id else {
                throw StreamError(.checkpoint, "checkpoint \(filePath) holds id \(checkpoint.id)")
            }
            return checkpoint
        } catch let error as StreamError {
            throw StreamError(.checkpoint, "\(filePath): \(error.message)")
        }
    }

    /// The ids of the checkpoint files present, ascending (temporary files are ignored).
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if the directory cannot be listed.
    public func ids() throws -> [UInt64] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw StreamError(.checkpoint, "cannot list checkpoint directory \(directory)", underlying: error)
        }
        return names.compactMap { name -> UInt64? in
            guard name.hasPrefix("checkpoint-"), name.hasSuffix(".ckpt") else { return nil }
            return UInt64(name.dropFirst("checkpoint-".count).dropLast(".ckpt".count))
        }.sorted()
    }
}
