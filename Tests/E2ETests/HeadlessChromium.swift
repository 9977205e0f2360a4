import Foundation
import HummingbirdWSClient
import Logging
import Synchronization
import TickFlowTestSupport

/// Debian's `chromium`, headless, driven over the DevTools protocol (its WebSocket): the test opens a page,
/// evaluates JavaScript in it until the page is ready, and takes its screenshot and DOM. Waiting this way (rather
/// than `--dump-dom --virtual-time-budget`) works with a page that keeps a live stream open.
final class HeadlessChromium: Sendable {
    let pid: pid_t
    let profile: String
    /// The DevTools endpoint of the browser: `ws://127.0.0.1:<port>/devtools/browser/<id>`.
    let endpoint: String

    private init(pid: pid_t, profile: String, endpoint: String) {
        self.pid = pid
        self.profile = profile
        self.endpoint = endpoint
    }

    /// Starts the browser with a throwaway profile under `directory` (its log goes there too).
    ///
    /// - Throws: when chromium is not installed, exits, or does not open its DevTools port within a minute.
    static func launch(in directory: String) async throws -> HeadlessChromium {
        guard let executable = Command.find(["chromium", "chromium-browser"]) else {
            throw CommandError("chromium is not installed: run scripts/bootstrap (apt-get install chromium)")
        }
        let profile = "\(directory)/chromium-profile"
        try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
        let log = "\(directory)/chromium.log"
        let pid = try Command.spawn(executable, [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
            "--user-data-dir=\(profile)", "--window-size=1280,1000", "about:blank",
        ], logPath: log)
        // Chromium writes its port and the browser's DevTools path to DevToolsActivePort once it listens.
        var endpoint: String?
        var exited = false
        _ = await eventually(timeout: .seconds(60), every: .milliseconds(200)) {
            exited = ChildProcess.hasExited(pid)
            let lines = ((try? String(contentsOfFile: "\(profile)/DevToolsActivePort", encoding: .utf8)) ?? "").split(separator: "\n")
            if lines.count >= 2, let port = Int(lines[0]) { endpoint = "ws://127.0.0.1:\(port)\(lines[1])" }
            return exited || endpoint != nil
        }
        guard let endpoint, !exited else {
            if !exited { ChildProcess.stop(pid) }
            throw CommandError("chromium did not open its DevTools port:\n\(ChildProcess.tail(log))")
        }
        return HeadlessChromium(pid: pid, profile: profile, endpoint: endpoint)
    }

    func stop() {
        ChildProcess.stop(pid, grace: .seconds(10))
        try? FileManager.default.removeItem(atPath: profile)
    }

    /// Opens `url` in a new tab and runs `body` with it over one DevTools connection.
    func withPage<T: Sendable>(_ url: String, _ body: @escaping @Sendable (DevToolsPage) async throws -> T) async throws -> T {
        let outcome = Outcome<T>()
        var configuration = WebSocketClientConfiguration()
        // Screenshots arrive as one base64 message.
        configuration.maxFrameSize = 1 << 26
        var logger = Logger(label: "test.devtools")
        logger.logLevel = .warning
        try await WebSocketClient.connect(url: endpoint, configuration: configuration, logger: logger) { inbound, outbound, _ in
            let page = DevToolsPage(messages: inbound.messages(maxSize: 1 << 26).makeAsyncIterator(), outbound: outbound)
            do {
                let target = try await page.call("Target.createTarget", ["url": url])
                let attached = try await page.call("Target.attachToTarget", ["targetId": target["targetId"] ?? "", "flatten": true])
                page.sessionId = attached["sessionId"] as? String
                let result = try await body(page)
                outcome.set(.success(result))
                _ = try? await page.call("Browser.close", session: false)
            } catch {
                outcome.set(.failure(error))
            }
            try? await outbound.close(.normalClosure, reason: nil)
        }
        guard let result = outcome.get() else { throw CommandError("the DevTools connection closed before the page was done") }
        return try result.get()
    }
}

/// What the DevTools connection's handler hands back.
private final class Outcome<T: Sendable>: Sendable {
    private let result = Mutex<Result<T, any Error>?>(nil)
    func set(_ value: Result<T, any Error>) { result.withLock { $0 = value } }
    func get() -> Result<T, any Error>? { result.withLock { $0 } }
}

/// One tab over a DevTools connection: commands and their results, in order (events are skipped).
final class DevToolsPage {
    private var messages: WebSocketInboundMessageStream.AsyncIterator
    private let outbound: WebSocketOutboundWriter
    private var lastId = 0
    /// The tab's session (flat mode): commands without it go to the browser.
    fileprivate(set) var sessionId: String?

    fileprivate init(messages: WebSocketInboundMessageStream.AsyncIterator, outbound: WebSocketOutboundWriter) {
        self.messages = messages
        self.outbound = outbound
    }

    /// Sends a command and waits for its result.
    ///
    /// - Throws: the protocol's error, or when the connection closes first.
    @discardableResult
    func call(_ method: String, _ parameters: [String: Any] = [:], session: Bool = true) async throws -> [String: Any] {
        lastId += 1
        var command: [String: Any] = ["id": lastId, "method": method, "params": parameters]
        if session, let sessionId { command["sessionId"] = sessionId }
        try await outbound.write(.text(String(decoding: try JSONSerialization.data(withJSONObject: command), as: UTF8.self)))
        while let message = try await messages.next() {
            guard case .text(let text) = message,
                let reply = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], reply["id"] as? Int == lastId
            else { continue }
            if let error = reply["error"] { throw CommandError("DevTools \(method) failed: \(error)") }
            return reply["result"] as? [String: Any] ?? [:]
        }
        throw CommandError("the DevTools connection closed during \(method)")
    }

    /// The JSON value of a JavaScript expression evaluated in the page.
    ///
    /// - Throws: when the expression throws.
    func evaluate(_ expression: String) async throws -> Any? {
        let result = try await call("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let exception = result["exceptionDetails"] { throw CommandError("\(expression) threw: \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// A PNG of the viewport.
    func screenshot() async throws -> Data {
        let result = try await call("Page.captureScreenshot", ["format": "png"])
        guard let text = result["data"] as? String, let png = Data(base64Encoded: text) else { throw CommandError("no screenshot data") }
        return png
    }
}
