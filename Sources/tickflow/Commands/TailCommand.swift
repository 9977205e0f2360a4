import ArgumentParser
import Foundation
import Model
import Stream

/// `tickflow tail TOPIC`: prints any topic of the contract as JSON lines.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print a topic as JSON lines, decoding values with the topic's Protobuf message.")

    @Argument(help: "The topic to read.") var topic: String
    @OptionGroup var kafka: KafkaOptions
    @Flag(help: "Start at the beginning of the log instead of the end.") var fromBeginning = false
    @Option(help: "Stop after this many records.") var max: Int?

    func run() async throws {
        let catalog = try TopicCatalog.load(directory: kafka.topics)
        guard let definition = catalog[topic] else {
            throw ValidationError("\(topic) is not in the contract (\(kafka.topics)/)")
        }
        let partitions = try await KafkaTransport(bootstrapServers: kafka.brokers).partitionCount(of: topic)
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(bootstrapServers: kafka.brokers))
        try consumer.assign((0..<partitions).map {
            TopicPartitionOffset(topic: topic, partition: Int32($0), offset: fromBeginning ? KafkaConsumer.beginning : KafkaConsumer.end)
        })
        var printed = 0, undecodable = 0
        for try await record in consumer.messages {
            let line = TailLine(record: record, messageName: definition.valueMessage)
            print(line.json)
            if !line.isDecodable { undecodable += 1 }
            printed += 1
            if let max, printed >= max { break }
        }
        await consumer.close()
        if undecodable > 0 { FileHandle.standardError.write(Data("\(undecodable) undecodable records\n".utf8)) }
    }
}

/// One record of `tickflow tail` as a JSON object: position, key, and the decoded value or the decoding error.
struct TailLine {
    let record: IncomingRecord
    /// The value as Protobuf JSON, or why it could not be decoded.
    let value: Result<String, any Error>

    init(record: IncomingRecord, messageName: String) {
        self.record = record
        value = Result { try MessageRegistry.json(messageName: messageName, bytes: record.value) }
    }

    var isDecodable: Bool { (try? value.get()) != nil }

    var json: String {
        var fields = [
            "\"topic\":\(quoted(record.topic))", "\"partition\":\(record.partition)", "\"offset\":\(record.offset)",
        ]
        if let key = record.key { fields.append("\"key\":\(quoted(String(decoding: key, as: UTF8.self)))") }
        if let timestamp = record.timestampMillis { fields.append("\"timestamp_ms\":\(timestamp)") }
        switch value {
        case .success(let json):
            fields.append("\"value\":\(json)")
        case .failure(let error):
            fields.append("\"error\":\(quoted("\(error)"))")
            fields.append("\"value_base64\":\(quoted(Data(record.value).base64EncodedString()))")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private func quoted(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
