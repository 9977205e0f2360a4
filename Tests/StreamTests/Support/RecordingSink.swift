import Stream

/// A sink writing to a ``RecordingStore``; its checkpoint state is its lane's length, and restoring truncates the
/// lane to it: the exactly-once pattern of a rollback-capable sink.
struct RecordingSink<Value: Sendable>: Sink {
    let store: RecordingStore<Value>
    var lane = 0

    mutating func open(lane: Int, restoring state: [UInt8]?) async throws {
        self.lane = lane
        if let state {
            var reader = ByteReader(state)
            store.truncate(lane: lane, to: Int(try reader.read(UInt64.self)))
        }
    }

    mutating func write(_ records: [StreamRecord<Value>]) async throws {
        store.append(records, lane: lane)
    }

    func snapshotState() throws -> [UInt8] {
        var writer = ByteWriter()
        writer.write(UInt64(store.count(lane: lane)))
        return writer.bytes
    }
}
