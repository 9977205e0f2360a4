import Foundation
import Testing

@testable import Stream

@Suite struct CheckpointStoreTests {
    private func makeStore() throws -> CheckpointStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tf-ckpt-\(UUID().uuidString)").path
        return try CheckpointStore(directory: directory, retained: 3)
    }

    private func checkpoint(_ id: UInt64) -> Checkpoint {
        Checkpoint(
            id: id, createdAtNanos: Int64(id), positions: [TopicPartitionOffset(topic: "t", partition: 0, offset: Int64(id) * 10)],
            lanes: [LaneSnapshot(operatorState: Array("state-\(id)".utf8), sinkState: [])])
    }

    @Test func latestIntactCheckpointIsLoaded() async throws {
        let store = try makeStore()
        #expect(try await store.loadLatest() == nil)
        for id in 1...3 { try await store.write(checkpoint(UInt64(id))) }
        #expect(try await store.loadLatest() == checkpoint(3))
    }

    @Test func corruptNewestFallsBackToThePreviousOne() async throws {
        let store = try makeStore()
        for id in 1...3 { try await store.write(checkpoint(UInt64(id))) }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: store.path(of: 3))))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: store.path(of: 3)))

        #expect(throws: StreamError.self) { try store.load(id: 3) }
        #expect(try await store.loadLatest() == checkpoint(2))
    }

    @Test func partialNewestFallsBackToThePreviousOne() async throws {
        let store = try makeStore()
        for id in 1...2 { try await store.write(checkpoint(UInt64(id))) }
        let bytes = checkpoint(3).encoded()
        try Data(bytes.prefix(bytes.count - 7)).write(to: URL(fileURLWithPath: store.path(of: 3)))
        #expect(try await store.loadLatest() == checkpoint(2))
    }

    @Test func onlyTheNewestAreRetainedAndTemporaryFilesIgnored() async throws {
        let store = try makeStore()
        for id in 1...5 { try await store.write(checkpoint(UInt64(id))) }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: store.path(of: 6) + ".tmp"))
        #expect(try store.ids() == [3, 4, 5])
        #expect(try await store.loadLatest()?.id == 5)
    }
}
