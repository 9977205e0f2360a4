#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file replacement, shared by the checkpoint and partition-state stores.
///
/// ``replace(_:with:)`` writes a temporary file, fsyncs it, renames it over the final name and fsyncs the
/// directory so the rename itself survives a crash: a reader sees the old file or the new one, never a torn one
/// under the final name.
public enum DurableFile {
    /// Atomically and durably replaces (or creates) the file at `path` with `bytes`.
    ///
    /// - Parameters:
    ///   - path: the final path; its directory must exist.
    ///   - bytes: the new contents.
    /// - Throws: ``StreamError`` `.checkpoint` if a file operation fails.
    public static func replace(_ path: String, with bytes: [UInt8]) throws {
        let temporaryPath = path + ".tmp"
        try write(bytes, to: temporaryPath)
        guard rename(temporaryPath, path) == 0 else { throw posixError("rename \(temporaryPath) to \(path)") }
        let slash = path.lastIndex(of: "/")
        try fsyncDirectory(slash.map { String(path[..<$0]) }.flatMap { $0.isEmpty ? "/" : $0 } ?? ".")
    }

    private static func write(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw posixError("open \(path)") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw posixError("write \(path)")
            }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw posixError("fsync \(path)") }
    }

    private static func fsyncDirectory(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw posixError("open directory \(path)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw posixError("fsync directory \(path)") }
    }

    private static func posixError(_ operation: String) -> StreamError {
        StreamError(.checkpoint, "\(operation) failed: \(String(cString: strerror(errno)))")
    }
}
