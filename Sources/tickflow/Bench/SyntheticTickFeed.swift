import Foundation
import Model
import Stream

/// A cheap feed of valid US equity ticks for throughput benchmarks: per instrument, round robin, a quote around a
/// random-walking mid and every third step a trade inside it, stamped with the wall clock, numbered upwards. Unlike
/// the market simulator (factor model, option pricing) it costs little, so a benchmark measures the pipeline.
struct SyntheticTickFeed: Sendable {
    let instruments: [Instrument]
    let producer: any RecordProducer
    /// Records per send (the transport makes the feed wait when the pipeline is full).
    var batch = 2_000
    private var mids: [Double]
    private var sequence: UInt64 = 0
    private var cursor = 0
    /// Event time of the newest record sent.
    private(set) var newestEventNanos: Int64 = 0
    /// Records sent.
    private(set) var published = 0

    init(instruments: [Instrument], producer: any RecordProducer) {
        self.instruments = instruments
        self.producer = producer
        mids = instruments.indices.map { 50 + Double($0 % 400) }
    }

    /// Sends ticks until `deadline`, as fast as the pipeline takes them or, with `rate`, at about that many per
    /// second (in 5 ms slices).
    ///
    /// - Throws: transport errors.
    mutating func run(until deadline: ContinuousClock.Instant, rate: Double? = nil) async throws {
        let clock = ContinuousClock()
        let size = rate.map { max(1, Int($0 / 200)) } ?? batch
        var due = clock.now
        while clock.now < deadline {
            if rate != nil {
                try await clock.sleep(until: due)
                due += .milliseconds(5)
            }
            try await producer.send(try next(size))
        }
    }

    private mutating func next(_ count: Int) throws -> [OutgoingRecord] {
        let now = WallClock.nowNanos()
        var records: [OutgoingRecord] = []
        records.reserveCapacity(count)
        for _ in 0..<count {
            let index = cursor % instruments.count
            let instrument = instruments[index]
            cursor += 1
            sequence += 1
            // A deterministic wiggle of a few basis points: valid, never a spike.
            mids[index] *= 1 + 0.0002 * (Double((sequence &* 2_654_435_761) % 1_000) / 500 - 1)
            let mid = (mids[index] * 100).rounded() / 100
            let event: MarketEvent
            if sequence % 3 == 0 {
                event = .trade(Trade(
                    instrumentId: instrument.id, symbol: instrument.symbol, venue: instrument.venue, price: mid, quantity: 100,
                    currency: instrument.currency, aggressorSide: .buy, tradeId: "SYN-\(sequence)", sequence: sequence,
                    eventTimeNanos: now, ingestTimeNanos: now))
            } else {
                event = .quote(Quote(
                    instrumentId: instrument.id, symbol: instrument.symbol, venue: instrument.venue, bidPrice: mid - 0.01, bidSize: 300,
                    askPrice: mid + 0.01, askSize: 300, currency: instrument.currency, sequence: sequence, eventTimeNanos: now,
                    ingestTimeNanos: now))
            }
            records.append(OutgoingRecord(topic: "market-data.equities.us", key: Array(instrument.id.utf8), value: try event.serializedBytes()))
        }
        newestEventNanos = now
        published += count
        return records
    }
}
