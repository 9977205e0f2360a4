import Synchronization

/// Checkpoints kept in memory: for benchmarks and tests where durability across processes is not the point.
public final class InMemoryCheckpointStorage: CheckpointStorage {
    private let checkpoints = Mutex<[Checkpoint]>([])

    /// Creates an empty storage.
    public init() {}

    /// Keeps the checkpoint.
    public func write(_ checkpoint: Checkpoint) async throws {
        checkpoints.withLock { $0.append(checkpoint) }
    }

    /// The last checkpoint written.
    public func loadLatest() async throws -> Checkpoint? {
        checkpoints.withLock { $0.last }
    }

    /// Every checkpoint written, oldest first.
    public var all: [Checkpoint] {
        checkpoints.withLock { $0 }
    }
}
