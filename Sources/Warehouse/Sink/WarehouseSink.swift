import Model
import Stream

/// Stores topic records in warehouse tables exactly once.
///
/// Each commit adds the files of the buffered rows *and* records, per source partition, the offset after the
/// last record they cover, in one catalog version. The transport's own offsets are committed only afterwards,
/// so they never run ahead of the warehouse: after a crash the consumer re-reads from at or before the catalog's
/// offsets, and records below them — already stored — are skipped. Nothing is stored twice and nothing is lost.
/// Undecodable records go to `dlq.warehouse` (counted) before the offsets covering them are committed.
public actor WarehouseSink {
    private let store: WarehouseStore
    private let consumer: any RecordConsumer
    private let deadLetters: DeadLetterRouter?
    private let configuration: WarehouseSinkConfiguration
    private var buffer = SinkBuffer()
    private var failures: [SourceFailure] = []
    /// The catalog's offsets as of the last commit seen: records below them are already stored.
    private var committed: [String: Int64]
    /// Offsets after the records buffered since then.
    private var pending: [String: Int64] = [:]
    private var firstBufferedAt: ContinuousClock.Instant?
    private var committing = false
    /// The error of a failed commit: its rows left the buffer unstored, so no later commit may record offsets
    /// past them; the sink stops and a restart re-reads them.
    private var failure: (any Error)?
    /// Records skipped because an earlier run already stored them.
    public private(set) var duplicatesSkipped = 0
    /// Rows committed by this sink.
    public private(set) var rowsCommitted = 0

    /// The topics the sink stores.
    public static var topics: [String] { SinkBuffer.topics }

    /// Creates a sink reading `consumer` into `store`.
    ///
    /// - Parameters:
    ///   - deadLetters: where undecodable records go; without one they make ``run()`` throw.
    /// - Throws: ``WarehouseError`` when the catalog cannot be read.
    public init(store: WarehouseStore, consumer: any RecordConsumer, deadLetters: DeadLetterRouter? = nil,
                configuration: WarehouseSinkConfiguration = WarehouseSinkConfiguration()) throws {
        self.store = store
        self.consumer = consumer
        self.deadLetters = deadLetters
        self.configuration = configuration
        committed = try store.catalog.current().sourceOffsets
    }

    /// The catalog key of a source partition.
    public static func key(_ partition: TopicPartition, namespace: String = "") -> String {
        "\(namespace)\(partition.topic):\(partition.partition)"
    }

    /// Reads until the consumer closes or the task is cancelled, committing by size and age; commits what is
    /// buffered before returning.
    ///
    /// - Throws: ``WarehouseError`` (`.commitConflict` if another sink stored the same partitions), transport errors.
    public func run() async throws {
        let delay = configuration.maxDelay
        let consumer = self.consumer
        let ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: delay / 4)
                do {
                    try await self?.commitIfDue()
                } catch {
                    // Ends the read loop below, whose final commit rethrows the failure.
                    await consumer.close()
                    return
                }
            }
        }
        defer { ticker.cancel() }
        while !Task.isCancelled, let records = try await consumer.nextBatch(maxRecords: configuration.readBatchSize) {
            try await ingest(records)
        }
        // Also surfaces the failure of a commit the ticker made.
        try await commit()
    }

    /// Buffers records (skipping those already stored) and commits when the buffer is full.
    ///
    /// - Throws: the error of an earlier failed commit, or of the commit this call makes.
    public func ingest(_ records: [IncomingRecord]) async throws {
        if let failure { throw failure }
        // Records come in runs of one partition: its offset key is built and looked up once per run, not per record.
        var run: (partition: TopicPartition, key: String, stored: Int64?, next: Int64?)?
        func endRun() {
            if let run, let next = run.next { pending[run.key] = max(pending[run.key] ?? 0, next) }
        }
        for record in records {
            if run?.partition != record.topicPartition {
                endRun()
                let key = Self.key(record.topicPartition, namespace: configuration.offsetNamespace)
                run = (record.topicPartition, key, committed[key], nil)
            }
            if let stored = run?.stored, record.offset < stored {
                duplicatesSkipped += 1
                continue
            }
            do {
                try buffer.append(record)
            } catch {
                failures.append(SourceFailure(record: record, reasonCode: "UNDECODABLE", reason: "\(error)"))
            }
            let next = max(run?.next ?? 0, record.offset + 1)
            run?.next = next
            if firstBufferedAt == nil { firstBufferedAt = .now }
        }
        endRun()
        if buffer.count >= configuration.maxRows && !committing { try await commit() }
    }

    private func commitIfDue() async throws {
        if !committing, let first = firstBufferedAt, ContinuousClock.now - first >= configuration.maxDelay { try await commit() }
    }

    /// Writes the buffered rows and commits them with their offsets, then commits the transport's offsets.
    public func commit() async throws {
        while committing { try await Task.sleep(for: .milliseconds(1)) }
        if let failure { throw failure }
        guard !pending.isEmpty else { return }
        committing = true
        defer { committing = false }
        do {
            try await commitTaken()
        } catch {
            failure = error
            throw error
        }
    }

    private func commitTaken() async throws {
        // Take the state: records ingested while this commit awaits go to the next one.
        let rows = buffer, offsets = pending, undecodable = failures
        buffer = SinkBuffer()
        pending = [:]
        failures = []
        firstBufferedAt = nil
        if !undecodable.isEmpty {
            guard let deadLetters else {
                throw WarehouseError(.schemaMismatch, "undecodable record \(undecodable[0].record.topicPartition)@\(undecodable[0].record.offset): \(undecodable[0].reason)")
            }
            try await deadLetters.route(undecodable, stage: configuration.deadLetterStage)
            try await deadLetters.flush()
        }
        var files: [DataFile] = []
        for (table, batch) in try rows.batches() { files += try store.writeFiles(batch, table: table) }
        CrashPoint.beforeManifest.reach()
        let expected = Dictionary(uniqueKeysWithValues: offsets.keys.map { ($0, committed[$0]) })
        try store.catalog.commit(Catalog.Change(
            operation: "sink", added: files, sourceOffsets: offsets, expectedSourceOffsets: expected))
        rowsCommitted += rows.count
        committed.merge(offsets) { _, new in new }
        let positions = offsets.compactMap { key, offset -> TopicPartitionOffset? in
            let local = key.dropFirst(configuration.offsetNamespace.count)
            guard let colon = local.lastIndex(of: ":"), let partition = Int32(local[local.index(after: colon)...]) else { return nil }
            return TopicPartitionOffset(topic: String(local[..<colon]), partition: partition, offset: offset)
        }
        // The warehouse is the source of truth; the transport's offsets only shorten the re-read after a restart.
        try? await consumer.commit(positions)
    }
}
