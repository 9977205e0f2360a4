import Foundation
import Stream

/// `kafka-produce` and `kafka-consume`: our client against kcat on the same mock cluster, in the same run.
///
/// kcat produces with exactly our producer's librdkafka properties (idempotent, acks=all, lz4, 5 ms linger,
/// 1 MB batches); both sides move the same 100-byte messages. Each side's time runs from process or client start
/// to the last acknowledgement (produce) or the last record read (consume). Each side runs twice, alternating;
/// the best run counts.
struct KafkaBenchmark {
    let messages: Int
    let messageSize = 100
    let cluster: KafkaMockCluster
    let payloadFile: URL
    let kcat: String

    init(messages: Int) throws {
        guard let kcat = ["/usr/bin/kcat", "/usr/local/bin/kcat", "/usr/bin/kafkacat"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { throw StreamError(.configuration, "kcat is not installed: run scripts/bootstrap") }
        self.kcat = kcat
        self.messages = messages
        cluster = try KafkaMockCluster(brokers: 3)
        payloadFile = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-bench-\(UUID().uuidString).txt")
        // One message per line, as kcat -P reads them: 99 printable bytes plus the newline delimiter per line
        // would make 99-byte messages, so each line carries 100 bytes before its newline.
        var line = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        while line.count < messageSize { line += line }
        line = Array(line.prefix(messageSize))
        var content = [UInt8]()
        content.reserveCapacity(messages * (messageSize + 1))
        for _ in 0..<messages { content += line; content.append(10) }
        try Data(content).write(to: payloadFile)
    }


    private func topic(_ name: String) throws -> String {
        let topic = "\(name)-\(UUID().uuidString.prefix(6))"
        try cluster.createTopic(topic, partitions: 3, replicationFactor: 3)
        return topic
    }

    /// Runs kcat with `properties` as `-X` settings; returns its wall time in seconds.
    private func runKcat(_ arguments: [String], properties: [String: String] = [:]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kcat)
        process.arguments = arguments + properties.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] }
        process.standardOutput = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        guard process.terminationStatus == 0 else {
            throw StreamError(.internal, "kcat \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return elapsed.seconds
    }


    private var producerConfiguration: KafkaProducerConfiguration {
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.compression = .lz4
        configuration.lingerMillis = 5
        configuration.batchSizeBytes = 1_000_000
        configuration.maxQueuedMessages = 100_000
        configuration.partitioner = "consistent_random"  // kcat's default: unkeyed records go anywhere
        configuration.additionalProperties = ["log_level": "3"]
        return configuration
    }

    /// Produces every message with our producer, several chunks in flight; returns seconds.
    private func produceOurs(to topic: String) async throws -> Double {
        let payload = try [UInt8](Data(contentsOf: payloadFile))
        let chunk = 20_000, stride = messageSize + 1
        let start = ContinuousClock.now
        let producer = try KafkaProducer(configuration: producerConfiguration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for first in Swift.stride(from: 0, to: messages, by: chunk) {
                if inFlight == 4 { try await group.next(); inFlight -= 1 }
                let records = (first..<min(first + chunk, messages)).map { index in
                    OutgoingRecord(topic: topic, value: Array(payload[(index * stride)..<(index * stride + messageSize)]))
                }
                group.addTask { try await producer.send(records) }
                inFlight += 1
            }
            try await group.waitForAll()
        }
        try await producer.close()
        return (ContinuousClock.now - start).seconds
    }

    /// Reads the whole topic from the beginning with our consumer (assigned partitions, like kcat -C); seconds.
    private func consumeOurs(from topic: String) async throws -> Double {
        let start = ContinuousClock.now
        var configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.additionalProperties = ["log_level": "3"]
        let consumer = try KafkaConsumer(configuration: configuration)
        try consumer.assign((0..<3).map { TopicPartitionOffset(topic: topic, partition: $0, offset: KafkaConsumer.beginning) })
        var count = 0, bytes = 0
        while count < messages, let batch = try await consumer.nextBatch(maxRecords: 10_000) {
            count += batch.count
            bytes += batch.reduce(0) { $0 + $1.value.count }
        }
        let elapsed = (ContinuousClock.now - start).seconds
        guard count == messages, bytes == messages * messageSize else {
            throw StreamError(.internal, "consumed \(count) messages / \(bytes) bytes, expected \(messages)")
        }
        await consumer.close()
        return elapsed
    }

    func produce() async throws -> BenchMeasurement {
        var ours = Double.infinity, peer = Double.infinity
        for round in 1...2 {
            let peerTopic = try topic("kcat-produce"), ourTopic = try topic("tickflow-produce")
            peer = min(peer, try runKcat(
                ["-P", "-q", "-t", peerTopic, "-l", payloadFile.path],
                // Exactly our producer's librdkafka settings, bootstrap servers included.
                properties: producerConfiguration.properties))
            ours = min(ours, try await produceOurs(to: ourTopic))
            print("round \(round): kcat \(rate(peer)) msgs/s, tickflow \(rate(ours)) msgs/s")
        }
        return BenchMeasurement(name: "kafka-produce", ours: rate(ours), peer: rate(peer), unit: "msgs/s", higherIsBetter: true)
    }

    func consume() async throws -> BenchMeasurement {
        let topic = try topic("consume")
        _ = try await produceOurs(to: topic)
        var ours = Double.infinity, peer = Double.infinity
        for round in 1...2 {
            peer = min(peer, try runKcat([
                "-C", "-q", "-e", "-o", "beginning", "-c", String(messages), "-b", cluster.bootstrapServers, "-t", topic,
            ]))
            ours = min(ours, try await consumeOurs(from: topic))
            print("round \(round): kcat \(rate(peer)) msgs/s, tickflow \(rate(ours)) msgs/s")
        }
        return BenchMeasurement(name: "kafka-consume", ours: rate(ours), peer: rate(peer), unit: "msgs/s", higherIsBetter: true)
    }

    private func rate(_ seconds: Double) -> Double { Double(messages) / seconds }

    func cleanUp() { try? FileManager.default.removeItem(at: payloadFile) }
}
