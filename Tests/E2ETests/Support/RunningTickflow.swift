import AsyncHTTPClient
import Foundation
import NIOCore
import TickFlowTestSupport

/// A `tickflow` child process (the binary built next to the test bundle) with a log file, and a JSON client for
/// the API it serves on 127.0.0.1.
final class RunningTickflow: @unchecked Sendable {
    /// The `tickflow` executable next to the test binary.
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tickflow").path
    }

    let pid: pid_t
    let port: Int
    let log: String
    private var stopped = false
    private var exitStatus: Int32?

    /// Starts `<executable> <arguments> <portOption> <free port>` in the repository's root (it reads `config/`).
    ///
    /// - Throws: when it cannot be started.
    init(executable: String = RunningTickflow.executable, _ arguments: [String], portOption: String = "--api-port", log: String) throws {
        port = try FreePort.next()
        self.log = log
        pid = try Command.spawn(executable, arguments + [portOption, String(port)], logPath: log)
    }

    deinit { if !stopped && exitStatus == nil { Command.stop(pid, signal: SIGKILL) } }

    /// Sends `signal` and waits for the exit; returns its status (or the one it already exited with).
    @discardableResult
    func stop(signal: Int32 = SIGINT) -> Int32 {
        guard !stopped else { return exitStatus ?? -1 }
        stopped = true
        if let exitStatus { return exitStatus }
        return Command.stop(pid, signal: signal)
    }

    /// Whether the process still runs; reaps it (keeping its status) when it has exited.
    private var isRunning: Bool {
        guard exitStatus == nil else { return false }
        exitStatus = ChildProcess.exitStatus(pid)
        return exitStatus == nil
    }

    /// What the process printed so far.
    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// One answer of the API: its status and parsed JSON body (nil when the body is not JSON).
    struct Answer {
        var status: Int
        var json: Any?
        var object: [String: Any] { json as? [String: Any] ?? [:] }
    }

    enum Method: String { case GET, POST, PUT }

    /// Sends a request with an optional bearer token and JSON body.
    func request(_ method: Method, _ path: String, token: String? = nil, body: [String: Any]? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .init(rawValue: method.rawValue)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let data = Data(bytes.readableBytesView)
        return Answer(status: Int(response.status.code), json: try? JSONSerialization.jsonObject(with: data))
    }

    /// Polls `probe` every half second until it returns a value, for at most `attempts` tries; the process's log is
    /// in the error when it never does (or when the process died).
    func eventually<T>(_ what: @autoclosure () -> String, attempts: Int = 360, _ probe: () async throws -> T?) async throws -> T {
        for _ in 0..<attempts {
            if let value = try? await probe() { return value }
            guard isRunning else { throw E2EError("tickflow exited while waiting for \(what()); log:\n\(output.suffix(4_000))") }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw E2EError("no \(what()) after \(attempts / 2) s; log:\n\(output.suffix(4_000))")
    }

    /// Waits for `/health`, then logs in and returns the access token.
    func login(email: String, password: String) async throws -> String {
        try await eventually("the API") {
            try await request(.GET, "/health").status == 200 ? true : nil
        }
        let answer = try await request(.POST, "/api/v1/users/login", body: ["email": email, "password": password])
        guard answer.status == 200, let token = answer.object["accessToken"] as? String else {
            throw E2EError("login of \(email) answered \(answer.status): \(answer.json ?? "-")")
        }
        return token
    }
}

/// A failed expectation of an end-to-end run, with the process's log.
struct E2EError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
