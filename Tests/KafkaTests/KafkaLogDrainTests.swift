import Foundation
import Logging
import Stream
import Testing
import TickFlowTestSupport

/// librdkafka's own log lines go to the client's swift-log logger, as structured lines, not to stderr.
@Suite struct KafkaLogDrainTests {
    /// Waits up to 30 s (the full suite's load) for a captured line matching `predicate`.
    private func line(in log: CapturedLog, where predicate: (CapturedLog.Line) -> Bool) async throws -> CapturedLog.Line? {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let line = log.captured.first(where: predicate) { return line }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    @Test func aRefusedConnectionIsLoggedAsAnErrorWithTheClientAndFacility() async throws {
        // Port 1 (tcpmux) has no listener here.
        let port = 1
        let log = CapturedLog()
        var configuration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:\(port)")
        configuration.lingerMillis = 1
        let producer = try KafkaProducer(configuration: configuration, logger: log.logger(label: "test.kafka"))
        let refused = try await line(in: log) { $0.message.hasPrefix("librdkafka: ") && $0.message.contains("Connection refused") }
        let found = try #require(refused, "no librdkafka line about the refused connection among \(log.captured.count) lines")
        #expect(found.level == .error)
        #expect(found.metadata["facility"] == "FAIL")
        #expect(found.metadata["client"]?.contains("#producer-") == true)
        #expect(found.message.contains("127.0.0.1:\(port)"))
        try? await producer.close(timeout: .milliseconds(100))
    }

    @Test func debugContextsComeThroughAtDebugLevel() async throws {
        let cluster = try KafkaTestCluster()
        let log = CapturedLog()
        let consumer = try KafkaConsumer(
            configuration: {
                var configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupId: "log-drain")
                configuration.additionalProperties["debug"] = "cgrp"
                return configuration
            }(),
            logger: log.logger(label: "test.kafka"))
        try consumer.subscribe(topics: [try cluster.topic("log-drain")])
        // `cgrp` is the only debug context on: every debug line is the group's (CGRPSTATE, JOIN, SUBSCRIPTION…).
        let groupLine = try await line(in: log) { $0.level == .debug && $0.message.hasPrefix("librdkafka: ") }
        #expect(groupLine != nil, "no consumer-group debug line among \(log.captured.count) lines: \(log.captured.prefix(20))")
        #expect(log.captured.allSatisfy { $0.metadata["client"]?.contains("#consumer-") == true })
        await consumer.close()
    }
}
