#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file descriptor with positioned reads, buffered appends and fsync; errors name the file.
final class PosixFile {
    let path: String
    private let fd: Int32
    private var closed = false

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { if !closed { _ = Glibc.close(fd) } }

    /// Opens an existing file for reading.
    static func openForReading(_ path: String) throws -> PosixFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw error("cannot open", path) }
        return PosixFile(path: path, fd: fd)
    }

    /// Creates (or truncates) a file for writing.
    static func create(_ path: String) throws -> PosixFile {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw error("cannot create", path) }
        return PosixFile(path: path, fd: fd)
    }

    /// The file's size in bytes.
    func size() throws -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.error("cannot stat", path) }
        return Int(info.st_size)
    }

    /// Reads exactly `count` bytes at `offset`.
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    initialized = 0
                    throw n == 0
                        ? WarehouseError(.corruptFile, "file ends before byte \(offset + count)", path: path)
                        : Self.error("cannot read", path)
                }
                done += n
            }
            initialized = count
        }
    }

    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Self.error("cannot write", path) }
            done += n
        }
    }

    /// Flushes the file's data to disk.
    func sync() throws {
        guard fsync(fd) == 0 else { throw Self.error("cannot fsync", path) }
    }

    /// Closes the descriptor.
    func close() throws {
        guard !closed else { return }
        closed = true
        guard Glibc.close(fd) == 0 else { throw Self.error("cannot close", path) }
    }

    static func error(_ action: String, _ path: String) -> WarehouseError {
        WarehouseError(.io, "\(action): \(String(cString: strerror(errno)))", path: path)
    }
}
