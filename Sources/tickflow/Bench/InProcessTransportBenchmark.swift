import Stream

/// `inproc-transport`: events per second through a three-operator pipeline over the in-process transport, against
/// a bare chain of three `AsyncStream` forwarding stages carrying the same events one by one.
///
/// Ours: a producer appends the events (keyed by instrument, 100-byte values) to a 4-partition topic in batches; a
/// ``Pipeline`` reads them with a consumer group, runs three pass-through operators in two lanes and writes them
/// to a second topic, committing its input at checkpoint barriers; a consumer reads the output topic and commits.
/// The clock runs from the first send to the last event read at the end.
enum InProcessTransportBenchmark {
    private static let instruments = 64
    private static let valueSize = 100

    /// Measures both sides in this process.
    ///
    /// - Parameter events: how many events each side carries; a few million gives stable figures.
    /// - Returns: the measurement, in events per second.
    /// - Throws: ``StreamError`` if the pipeline fails.
    static func run(events: Int) async throws -> BenchMeasurement {
        let keys = (0..<instruments).map { Array("BENCH\($0)".utf8) }
        let value = [UInt8](repeating: 0x5A, count: valueSize)
        // Warm both paths up so allocation growth and lazy initialisation are not measured.
        _ = try await measurePipeline(events: min(events, 50_000), keys: keys, value: value)
        _ = await measureStreamChain(events: min(events, 50_000), keys: keys, value: value)
        let ours = try await measurePipeline(events: events, keys: keys, value: value)
        let peer = await measureStreamChain(events: events, keys: keys, value: value)
        return BenchMeasurement(name: "inproc-transport", ours: ours, peer: peer, unit: "events/s", higherIsBetter: true)
    }

    private static func measurePipeline(events: Int, keys: [[UInt8]], value: [UInt8]) async throws -> Double {
        let transport = InProcessTransport(configuration: .init(defaultPartitionCount: 4, partitionCapacity: 65_536))
        try transport.declareTopic("bench.in", partitions: 4)
        try transport.declareTopic("bench.out", partitions: 4)
        let producer = try transport.makeProducer()
        let output = try transport.consumer(group: "bench.count", topics: ["bench.out"])
        let pipeline = Pipeline(
            stage: "bench",
            source: ConsumerSource(consumer: try transport.makeConsumer(group: "bench", topics: ["bench.in"]), codec: BytesCodec()),
            operators: PassThroughOperator<[UInt8]>().then(PassThroughOperator()).then(PassThroughOperator()),
            sink: ProducerSink(producer: producer, topic: "bench.out", codec: BytesCodec()),
            deadLetters: DeadLetterRouter(producer: producer), checkpoints: nil,
            configuration: .init(
                lanes: 2, batchSize: 4096, laneCapacity: 16_384, checkpointInterval: nil, checkpointEveryRecords: 32_768))

        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pipeline.run() }
            group.addTask {
                var sent = 0
                while sent < events {
                    let count = min(1024, events - sent)
                    try await producer.send((sent..<(sent + count)).map { index in
                        OutgoingRecord(topic: "bench.in", key: keys[index % keys.count], value: value, timestampMillis: 0)
                    })
                    sent += count
                }
                transport.seal(topic: "bench.in")
            }
            var received = 0
            while received < events, let batch = try await output.nextBatch(maxRecords: 4096) {
                received += batch.count
                var ends = [Int64](repeating: -1, count: 4)
                for record in batch { ends[Int(record.partition)] = record.offset + 1 }
                try await output.commit(ends.enumerated().filter { $0.element >= 0 }.map {
                    TopicPartitionOffset(topic: "bench.out", partition: Int32($0.offset), offset: $0.element)
                })
            }
            guard received == events else {
                throw StreamError(.internal, "inproc-transport: \(received) of \(events) events arrived")
            }
            try await group.waitForAll()
        }
        return Double(events) / max((clock.now - start).seconds, 1e-9)
    }

    private struct Event: Sendable {
        var key: [UInt8]
        var value: [UInt8]
    }

    private static func measureStreamChain(events: Int, keys: [[UInt8]], value: [UInt8]) async -> Double {
        let (input, feed) = AsyncStream.makeStream(of: Event.self)
        let (first, firstOut) = AsyncStream.makeStream(of: Event.self)
        let (second, secondOut) = AsyncStream.makeStream(of: Event.self)
        let (third, thirdOut) = AsyncStream.makeStream(of: Event.self)

        let clock = ContinuousClock()
        let start = clock.now
        let received = await withTaskGroup(of: Int.self) { group in
            group.addTask { await forward(input, to: firstOut) }
            group.addTask { await forward(first, to: secondOut) }
            group.addTask { await forward(second, to: thirdOut) }
            group.addTask {
                for index in 0..<events { feed.yield(Event(key: keys[index % keys.count], value: value)) }
                feed.finish()
                return 0
            }
            group.addTask {
                var count = 0
                for await _ in third { count += 1 }
                return count
            }
            return await group.reduce(0, +)
        }
        precondition(received == events, "the AsyncStream chain lost events")
        return Double(events) / max((clock.now - start).seconds, 1e-9)
    }

    private static func forward(_ stream: AsyncStream<Event>, to next: AsyncStream<Event>.Continuation) async -> Int {
        for await event in stream { next.yield(event) }
        next.finish()
        return 0
    }
}
