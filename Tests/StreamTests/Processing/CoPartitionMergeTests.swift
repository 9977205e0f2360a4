import Model
import Testing
import TickFlowTestSupport
@testable import Stream

/// The merge of a co-partitioned task's partitions and the task's bookkeeping around it: release order, holding,
/// idling, offsets per partition, and the snapshot that carries them.
@Suite struct CoPartitionMergeTests {
    let ticks = TopicPartition(topic: "ticks", partition: 1)
    let quotes = TopicPartition(topic: "quotes", partition: 1)
    let second: Int64 = 1_000_000_000

    /// A tick of `instrument` at `millis` read from `partition` at `offset`.
    func record(_ partition: TopicPartition, _ offset: Int64, millis: Int64, instrument: String = "I1", amount: Int = 1) -> IncomingRecord {
        IncomingRecord(
            topicPartition: partition, offset: offset, key: Array(instrument.utf8), value: Array("\(instrument),\(millis),\(amount)".utf8))
    }

    func merge(idle: Int64 = 1_000_000_000) -> CoPartitionMerge<SumInput> {
        CoPartitionMerge(members: [ticks, quotes], startOffsets: [0, 0], maxIdleNanos: idle)
    }

    /// Two logs with rising event times (ties across them) and one undecodable record.
    var logs: (ticks: [IncomingRecord], quotes: [IncomingRecord]) {
        let tickTimes: [Int64] = [100, 250, 400, 400, 700, 900, 1_300]
        let quoteTimes: [Int64] = [50, 250, 300, 650, 1_000, 1_100, 1_200, 1_250]
        var quoteRecords = quoteTimes.enumerated().map { record(quotes, Int64($0.offset), millis: $0.element) }
        quoteRecords[3] = IncomingRecord(topicPartition: quotes, offset: 3, key: nil, value: Array("garbage".utf8))
        return (tickTimes.enumerated().map { record(ticks, Int64($0.offset), millis: $0.element) }, quoteRecords)
    }

    /// What each released record is: `t<offset>` or `q<offset>`.
    func names(_ released: [HeldRecord<SumInput>]) -> [String] {
        released.map { ($0.record.topic == "ticks" ? "t" : "q") + String($0.record.offset) }
    }

    @Test func recordsAreReleasedInTheSameOrderHoweverTheyArriveInBatches() {
        let (tickLog, quoteLog) = logs
        // Worked out by hand: by (event time, topic rank), the ticks first on a tie (t1 and q1 at 250), the undecodable
        // q3 as soon as it heads its log, and t6 last, once the quotes are exhausted and the idle time has passed.
        var whole = merge()
        whole.add(tickLog + quoteLog, nowNanos: 0)
        let expected = names(whole.release(nowNanos: 0)) + names(whole.release(nowNanos: 10 * second))
        #expect(expected == ["q0", "t0", "t1", "q1", "q2", "q3", "t2", "t3", "t4", "t5", "q4", "q5", "q6", "q7", "t6"])

        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var merge = self.merge()
            var released: [String] = []
            var (t, q) = (0, 0)
            var now: Int64 = 0
            while t < tickLog.count || q < quoteLog.count {
                let takeTicks = Int.random(in: 0...3, using: &generator), takeQuotes = Int.random(in: 0...3, using: &generator)
                // A fetch brings some records of each partition, in either order; each partition keeps its own.
                let newTicks = Array(tickLog[t..<min(tickLog.count, t + takeTicks)])
                let newQuotes = Array(quoteLog[q..<min(quoteLog.count, q + takeQuotes)])
                merge.add(Bool.random(using: &generator) ? newTicks + newQuotes : newQuotes + newTicks, nowNanos: now)
                t = min(tickLog.count, t + takeTicks)
                q = min(quoteLog.count, q + takeQuotes)
                now += 1_000  // well within the idle time: nothing is released early
                released += names(merge.release(nowNanos: now))
            }
            released += names(merge.release(nowNanos: now + 2 * second))
            #expect(released == expected)
        }
    }

    @Test func recordsWaitForAnEmptyPartitionUntilTheIdleTimeThenGoInMergeOrder() {
        var merge = merge(idle: second)
        merge.add([record(ticks, 0, millis: 500), record(ticks, 1, millis: 100)], nowNanos: 0)
        #expect(merge.release(nowNanos: 0).isEmpty)
        #expect(merge.release(nowNanos: second - 1).isEmpty)
        #expect(merge.heldCount == 2)
        // The quotes stayed silent for the idle time: the ticks go, in their log order.
        #expect(names(merge.release(nowNanos: second)) == ["t0", "t1"])
        #expect(merge.heldCount == 0)
    }

    @Test func eachRecordWaitsTheIdleTimeFromWhenItWasRead() {
        var merge = merge(idle: second)
        merge.add([record(ticks, 0, millis: 100), record(ticks, 1, millis: 300)], nowNanos: 0)
        #expect(merge.release(nowNanos: 0).isEmpty)
        merge.add([record(quotes, 0, millis: 200)], nowNanos: 900_000_000)
        #expect(names(merge.release(nowNanos: 900_000_000)) == ["t0", "q0"])
        merge.add([record(ticks, 2, millis: 400)], nowNanos: 1_500_000_000)
        #expect(merge.release(nowNanos: second - 1).isEmpty)
        // t1 was read at 0: it goes at 1 s; t2, read at 1.5 s, waits until 2.5 s.
        #expect(names(merge.release(nowNanos: second)) == ["t1"])
        #expect(merge.release(nowNanos: 2_499_999_999).isEmpty)
        #expect(names(merge.release(nowNanos: 2_500_000_000)) == ["t2"])
    }

    /// A live feed: a bar closing its window at 60 s is published 2 s later (the tick processor's lateness), while
    /// books arrive as they happen. With an idle time above that delay, the bar still goes before the books after
    /// its window end, as a replay of both logs would place it.
    @Test func aLateTopicWithinTheIdleTimeIsPlacedAsInAReplay() {
        var live = merge(idle: 5 * second)
        var released: [String] = []
        for (index, seconds) in [50, 55, 60, 61, 62].enumerated() {
            let now = Int64(seconds) * second
            live.add([record(quotes, Int64(index), millis: Int64(seconds) * 1_000)], nowNanos: now)
            if seconds == 62 { live.add([record(ticks, 0, millis: 60_000 - 1)], nowNanos: now) }
            released += names(live.release(nowNanos: now))
        }
        released += names(live.release(nowNanos: 70 * second))
        var replay = merge(idle: 5 * second)
        replay.add([record(ticks, 0, millis: 60_000 - 1)] + (0..<5).map { record(quotes, Int64($0), millis: Int64([50, 55, 60, 61, 62][$0] * 1_000)) }, nowNanos: 0)
        let replayed = names(replay.release(nowNanos: 0)) + names(replay.release(nowNanos: 10 * second))
        #expect(replayed == ["q0", "q1", "t0", "q2", "q3", "q4"])
        #expect(released == replayed)
    }

    @Test func recordsAlreadyHeldOrCoveredByTheStateAreNotHeldAgain() {
        var merge = CoPartitionMerge<SumInput>(members: [ticks, quotes], startOffsets: [5, 2], maxIdleNanos: second)
        merge.add([record(ticks, 4, millis: 1), record(ticks, 5, millis: 10), record(quotes, 1, millis: 1), record(quotes, 2, millis: 20)], nowNanos: 0)
        // Fetched again after a rebalance kept the partitions: duplicates are ignored.
        merge.add(
            [record(ticks, 5, millis: 10), record(quotes, 2, millis: 20), record(TopicPartition(topic: "other", partition: 1), 0, millis: 1)],
            nowNanos: 0)
        #expect(merge.readOffsets == [6, 3])
        #expect(names(merge.release(nowNanos: 0)) == ["t5"])
        #expect(names(merge.release(nowNanos: 2 * second)) == ["q2"])
    }

    // MARK: - The task

    static let outputs = StepOutputs(
        stage: "stream", allowedTopics: nil, router: DeadLetterRouter(producer: DeadLetterCollector()),
        collector: DeadLetterCollector())

    func task(snapshot: PartitionSnapshot?) throws -> PartitionTask<WindowedSumOperator> {
        try PartitionTask(
            partition: ticks, coPartitioned: [ticks, quotes], maxIdleNanos: second,
            operator: WindowedSumOperator(echoTopic: "echo", sumTopic: "sums"), snapshot: snapshot, alreadyWritten: [],
            broadcastHistory: [])
    }

    @Test func aTaskAdvancesEachPartitionsOffsetPastWhatItReleasedAndSnapshotsThem() async throws {
        var task = try task(snapshot: nil)
        let outputs = Self.outputs
        let first = try await task.stepMerged(
            records: [record(ticks, 0, millis: 100), record(ticks, 1, millis: 300), record(quotes, 0, millis: 200, instrument: "I2")],
            broadcast: [], nowNanos: 0, outputs: outputs)
        #expect(first.released == 2)
        #expect(first.positions == [TopicPartitionOffset(quotes, offset: 1), TopicPartitionOffset(ticks, offset: 1)])
        let echoed = first.records.filter { $0.topic == "echo" }.map { String(decoding: $0.value, as: UTF8.self) }
        #expect(echoed == ["I1,100,1", "I2,200,1"])
        // Every output names the task's key partition as its source.
        let sources = Set(first.records.flatMap { $0.headers.filter { $0.name == OutputIdentity.partitionHeader } }.map(\.value))
        #expect(sources == [Array("ticks/1".utf8)])

        let snapshot = try task.snapshot(outputStarts: [:])
        #expect(snapshot.partition == ticks)
        #expect(snapshot.nextOffset == 1)
        #expect(snapshot.coPartitionOffsets == [quotes: 1])
        #expect(snapshot.nextOffset(of: quotes) == 1)

        // Restored elsewhere: the held tick (offset 1) is read again and released once the quotes move on.
        var restored = try self.task(snapshot: try PartitionSnapshot(decoding: snapshot.encoded()))
        let again = try await restored.stepMerged(
            records: [record(ticks, 1, millis: 300), record(quotes, 1, millis: 400, instrument: "I2")], broadcast: [], nowNanos: 0,
            outputs: outputs)
        let echoedAgain = again.records.filter { $0.topic == "echo" }.map { String(decoding: $0.value, as: UTF8.self) }
        #expect(echoedAgain == ["I1,300,1"])
        #expect(restored.nextOffset == 2 && restored.coPartitionOffsets == [quotes: 1])
    }

    @Test func aTaskRestoredFromAOnePartitionSnapshotReadsItsOtherPartitionsFromTheBeginning() throws {
        let old = PartitionSnapshot(partition: ticks, nextOffset: 40, operatorState: try WindowedSumOperator(echoTopic: "e", sumTopic: "s").snapshotState())
        let task = try task(snapshot: old)
        #expect(task.nextOffset == 40)
        #expect(task.coPartitionOffsets == [quotes: 0])
        #expect(task.merge?.readOffsets == [40, 0])
    }

    @Test func deadLettersOfACoPartitionedStepFollowTheMergeOrder() async throws {
        var task = try task(snapshot: nil)
        let collector = DeadLetterCollector()
        let outputs = StepOutputs(
            stage: "stream", allowedTopics: nil, router: DeadLetterRouter(producer: collector),
            collector: collector)
        // The quote at offset 0 (time 100) goes before the tick at offset 5 (time 200), whatever their offsets say.
        let stepped = try await task.stepMerged(
            records: [
                record(ticks, 5, millis: 200, amount: -1), record(ticks, 6, millis: 900),
                IncomingRecord(topicPartition: quotes, offset: 0, key: nil, value: Array("bad".utf8)), record(quotes, 1, millis: 150, amount: -2),
                record(quotes, 2, millis: 950),
            ],
            broadcast: [], nowNanos: 0, outputs: outputs)
        let letters = try stepped.records.filter { $0.topic == "dlq.stream" }.map { try DeadLetter(serializedBytes: $0.value) }
        #expect(letters.map(\.reasonCode) == ["DECODE_ERROR", "NEGATIVE_AMOUNT", "NEGATIVE_AMOUNT"])
        #expect(letters.map(\.sourceTopic) == ["quotes", "quotes", "ticks"])
    }
}
