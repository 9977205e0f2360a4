import Foundation

/// Runs external programs for the test harness (server binaries, psql, python).
public enum Command {
    /// The result of a finished program.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `executable` with `arguments`, waits, and returns its output; throws if it cannot be started.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inputPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        do { try process.run() } catch {
            throw TestServerError("cannot start \(executable): \(error)")
        }
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try? inputPipe.fileHandleForWriting.close()
        }
        // Read both pipes before waiting so a chatty program cannot block on a full pipe.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a program and throws, with its stderr, unless it exits 0.
    @discardableResult
    public static func check(_ executable: String, _ arguments: [String], input: String? = nil) throws -> Output {
        let output = try run(executable, arguments, input: input)
        guard output.status == 0 else {
            throw TestServerError(
                "\(executable) \(arguments.joined(separator: " ")) exited \(output.status): \(output.stderr)\(output.stdout)")
        }
        return output
    }

    /// The first of `names` found on PATH or in the given directories.
    public static func find(_ names: [String], in extraDirectories: [String] = []) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories = extraDirectories + path.split(separator: ":").map(String.init)
        for name in names {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }

    /// Whether this process runs as root (CI does), in which case servers run as an unprivileged user.
    public static var isRoot: Bool { getuid() == 0 }
}
