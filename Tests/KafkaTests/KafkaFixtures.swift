import Foundation
import Stream
import TickFlowTestSupport

/// Keyed records like market data: `count` records spread over `keys` instruments, with a sequence per key.
func keyedRecords(topic: String, keys: Int, count: Int, start: Int = 0) -> [OutgoingRecord] {
    (start..<(start + count)).map { index in
        let key = "instrument-\(index % keys)"
        return OutgoingRecord(topic: topic, key: Array(key.utf8), value: Array("\(key)|\(index / keys)".utf8))
    }
}

/// Parses the `key|sequence` values written by ``keyedRecords(topic:keys:count:start:)``.
func sequence(of record: IncomingRecord) -> (key: String, sequence: Int) {
    let text = String(decoding: record.value, as: UTF8.self)
    let parts = text.split(separator: "|")
    return (String(parts[0]), Int(parts[1]) ?? -1)
}

/// Asserts-friendly summary: per key, the sequences in arrival order.
func sequencesByKey(_ records: [IncomingRecord]) -> [String: [Int]] {
    var result: [String: [Int]] = [:]
    for record in records {
        let (key, sequence) = sequence(of: record)
        result[key, default: []].append(sequence)
    }
    return result
}

/// Waits (polling) until `condition` holds or `timeout` passes; returns whether it held. The bound is generous
/// because a group join on the mock cluster takes seconds, and much longer while the whole suite loads 2 cores.
func eventually(timeout: Duration = .seconds(60), _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return await condition()
}

/// Records seen by a consuming loop, shared with the test.
actor RecordLog {
    private(set) var records: [IncomingRecord] = []
    func append(_ batch: [IncomingRecord]) { records += batch }
    var count: Int { records.count }
}

/// Reads and commits every batch until cancelled, logging what it read.
func consumeLoop(_ consumer: KafkaConsumer, into log: RecordLog) -> Task<Void, any Error> {
    Task {
        while !Task.isCancelled {
            guard let batch = try await consumer.read(maxRecords: 500, timeout: .milliseconds(100)) else { return }
            guard !batch.isEmpty else { continue }
            await log.append(batch)
            try await consumer.commit(committablePositions(batch))
        }
    }
}

/// The position after the last record of each partition in a batch.
func committablePositions(_ batch: [IncomingRecord]) -> [TopicPartitionOffset] {
    var last: [TopicPartition: Int64] = [:]
    for record in batch { last[record.topicPartition] = max(last[record.topicPartition] ?? -1, record.offset) }
    return last.map { TopicPartitionOffset($0.key, offset: $0.value + 1) }
}
