import Foundation
import Logging
import Serving
import Synchronization
import Testing

/// Lines a ``JSONLogHandler`` wrote, parsed.
final class CapturedLog: Sendable {
    private let lines = Mutex<[[UInt8]]>([])

    var output: LogOutput { LogOutput { line in self.lines.withLock { $0.append(line) } } }

    func logger(_ label: String, level: Logger.Level) -> Logger {
        let output = self.output
        return Logger(label: label) { JSONLogHandler(label: $0, level: level, output: output) }
    }

    /// Every line as a JSON object; a line that is not one fails the test.
    func objects() throws -> [[String: Any]] {
        try lines.withLock { $0 }.map { line in
            #expect(line.last == UInt8(ascii: "\n"))
            #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false, "one object per line")
            return try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        }
    }
}

@Suite struct JSONLogHandlerTests {
    @Test func eachEventIsOneJSONObjectWithItsMetadataAsMembers() throws {
        let log = CapturedLog()
        var logger = log.logger("tickflow.test", level: .info)
        logger[metadataKey: "trace_id"] = "4bf92f3577b34da6a3ce929d0e0e4736"
        logger.info("order \"42\" filled\nat 101.5", metadata: [
            "order": ["id": "42", "legs": [.stringConvertible(1), "two"]], "level": "shadowed", "latency_us": .stringConvertible(812),
        ])
        logger.debug("below the level: not written")
        logger.error("second")

        let objects = try log.objects()
        #expect(objects.count == 2)
        let first = objects[0]
        #expect(first["level"] as? String == "info")
        #expect(first["label"] as? String == "tickflow.test")
        #expect(first["message"] as? String == "order \"42\" filled\nat 101.5")
        #expect(first["trace_id"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(first["latency_us"] as? String == "812")
        let order = try #require(first["order"] as? [String: Any])
        #expect(order["id"] as? String == "42")
        #expect(order["legs"] as? [String] == ["1", "two"])
        let timestamp = try #require(first["timestamp"] as? String)
        #expect(timestamp.hasSuffix("Z") && timestamp.count == 30, "\(timestamp)")
        #expect(objects[1]["level"] as? String == "error")
        #expect(objects[1]["trace_id"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    @Test func theEnvironmentPicksFormatAndLevelAndWarnsAboutNonsense() {
        let defaults = LogFormat.handlers(environment: [:])
        #expect(defaults.warning == nil)
        #expect(defaults.make("x") is JSONLogHandler)
        #expect(defaults.make("x").logLevel == .info)
        let text = LogFormat.handlers(environment: ["TICKFLOW_LOG_FORMAT": "TEXT", "TICKFLOW_LOG_LEVEL": "debug"])
        #expect(text.make("x") is StreamLogHandler)
        #expect(text.make("x").logLevel == .debug)
        let wrong = LogFormat.handlers(environment: ["TICKFLOW_LOG_FORMAT": "xml", "TICKFLOW_LOG_LEVEL": "loud"])
        #expect(wrong.warning?.contains("TICKFLOW_LOG_FORMAT=xml") == true)
        #expect(wrong.warning?.contains("TICKFLOW_LOG_LEVEL=loud") == true)
        #expect(wrong.make("x") is JSONLogHandler)
    }
}
