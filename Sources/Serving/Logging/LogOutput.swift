#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// Where ``JSONLogHandler`` writes its lines: standard error, or any sink (tests capture them).
public struct LogOutput: Sendable {
    /// Writes one complete line.
    public let write: @Sendable ([UInt8]) -> Void

    /// An output calling `write` with each line.
    public init(_ write: @escaping @Sendable ([UInt8]) -> Void) { self.write = write }

    /// Standard error, one `write(2)` per line under a lock, so that lines of concurrent tasks never interleave.
    public static let standardError = LogOutput { line in
        lock.withLock { _ in
            line.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Glibc.write(2, raw.baseAddress! + offset, raw.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }

    private static let lock = Mutex(())
}
