import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TickFlowTestSupport

/// `tickflow run` as a child process (the binary built next to the test binary) over a fresh data directory,
/// its API on a free loopback port.
final class TickFlowRun: Sendable {
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tickflow").path
    }

    let pid: pid_t
    let port: Int
    /// Where its data, its log and the test's artefacts (screenshots) go.
    let directory: String
    var log: String { "\(directory)/run.log" }

    private init(pid: pid_t, port: Int, directory: String) {
        self.pid = pid
        self.port = port
        self.directory = directory
    }

    /// Starts `tickflow run --rate rate` and waits until its `/health` answers.
    ///
    /// - Throws: when the binary is missing, exits, or does not answer within three minutes.
    static func start(rate: Int) async throws -> TickFlowRun {
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw CommandError("\(binary) is missing: swift build --build-tests builds it") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-e2e-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let port = try FreePort.next()
        let pid = try Command.spawn(
            binary, ["run", "--data", "\(directory)/data", "--api-port", "\(port)", "--rate", "\(rate)"], logPath: "\(directory)/run.log")
        let run = TickFlowRun(pid: pid, port: port, directory: directory)
        var exited = false
        let healthy = await eventually(timeout: .seconds(180)) {
            exited = ChildProcess.hasExited(pid)
            if exited { return true }
            return (try? await run.call(.GET, "/health").status) == 200
        }
        guard healthy, !exited else {
            if !exited { ChildProcess.stop(pid) }
            throw CommandError("tickflow run \(exited ? "exited" : "did not answer /health within 180 s"):\n\(ChildProcess.tail(run.log))")
        }
        return run
    }

    /// Stops the run (SIGTERM, graceful) and removes its directory unless `keep`.
    func stop(keep: Bool = false) {
        ChildProcess.stop(pid)
        if !keep { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// One answer: status, headers and the JSON body (nil when empty or not JSON).
    struct Answer: @unchecked Sendable {
        var status: Int
        var json: Any?

        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
    }

    /// Sends a request to the API; `body` is encoded as JSON.
    func call(_ method: HTTPMethod, _ path: String, token: String? = nil, body: Any? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let json = bytes.readableBytes == 0 ? nil : try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))
        return Answer(status: Int(response.status.code), json: json)
    }

    /// Registers an investor and returns her access token.
    func register() async throws -> String {
        let email = "dash-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let answer = try await call(.POST, "/api/v1/users/register", body: ["email": email, "password": "correct horse battery", "name": "Dash"])
        guard answer.status == 201, let token = answer.object["accessToken"] as? String else {
            throw CommandError("register answered \(answer.status): \(answer.object)")
        }
        return token
    }
}
