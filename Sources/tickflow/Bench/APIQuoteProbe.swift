import AsyncHTTPClient
import Foundation
import Model
import NIOCore
import Stream

/// Measures how long a tick takes to become visible through the API: a probe quote with a bid no earlier probe had
/// goes into `market-data.equities.us` for one instrument no other feed touches, stamped with the wall clock as it
/// is produced; a client polls `GET /api/v1/market-data/quotes/{id}` in a tight loop over one kept-alive connection
/// (AsyncHTTPClient, as an API client would) until that bid shows. The latency is the wall clock then minus the
/// stamp. Used by `tick-to-api` and `e2e-embedded`.
struct APIQuoteProbe {
    let instrument: Instrument
    let producer: any RecordProducer
    let port: Int
    let token: String

    /// What a run of probes saw.
    struct Result {
        /// Latencies of the measured probes in ms, sorted.
        var latencies: [Double]
        var polls: Int

        var p50: Double { latencies.isEmpty ? .nan : latencies[latencies.count / 2] }
        var p99: Double { latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))] }
        var max: Double { latencies.last ?? .nan }
        var summary: String {
            String(format: "p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d probes (%d polls)", p50, p99, max, latencies.count, polls)
        }
    }

    private struct Snapshot: Decodable {
        struct Quote: Decodable { var bid: Double }
        var quote: Quote?
    }

    /// Sends `warmUp + count` probes, one every `interval`, numbered from `firstIndex` (bids must not repeat across
    /// runs against one pipeline), and keeps the latencies of the last `count`.
    ///
    /// - Throws: ``BenchError`` when a probe is not visible after 10 s; HTTP client errors.
    func run(count: Int, warmUp: Int, interval: Duration, firstIndex: Int = 0) async throws -> Result {
        let client = HTTPClient.shared
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/market-data/quotes/\(instrument.id)")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let clock = ContinuousClock()
        var latencies: [Double] = []
        var polls = 0
        var due = clock.now
        for index in firstIndex..<(firstIndex + warmUp + count) {
            try await clock.sleep(until: due)
            due += interval
            // Cent steps from 100: no two probes share a bid.
            let bid = 100 + Double(index) / 100
            let produced = WallClock.nowNanos()
            try await producer.send([try probeQuote(bid: bid, index: index, at: produced)])
            var seen: Int64?
            while seen == nil {
                let response = try await client.execute(request, timeout: .seconds(5))
                let body = try await response.body.collect(upTo: 1 << 20)
                polls += 1
                if response.status == .ok,
                    let snapshot = try? JSONDecoder().decode(Snapshot.self, from: Data(body.readableBytesView)),
                    snapshot.quote?.bid == bid
                {
                    seen = WallClock.nowNanos()
                } else if WallClock.nowNanos() - produced > 10_000_000_000 {
                    throw BenchError("probe \(index) (bid \(bid)) not visible through the API after 10 s")
                }
            }
            if index >= firstIndex + warmUp, let seen { latencies.append(Double(seen - produced) / 1e6) }
        }
        return Result(latencies: latencies.sorted(), polls: polls)
    }

    /// A quote of the probe instrument with this bid, stamped now.
    private func probeQuote(bid: Double, index: Int, at time: Int64) throws -> OutgoingRecord {
        let quote = Quote(
            instrumentId: instrument.id, symbol: instrument.symbol, venue: instrument.venue, bidPrice: bid, bidSize: 100,
            askPrice: bid + 0.01, askSize: 100, currency: instrument.currency, sequence: UInt64(index + 1), eventTimeNanos: time,
            ingestTimeNanos: time)
        return OutgoingRecord(
            topic: "market-data.equities.us", key: Array(instrument.id.utf8), value: try MarketEvent.quote(quote).serializedBytes())
    }
}
