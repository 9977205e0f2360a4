import Foundation
import Model
import Stream

/// `stream-bars`: ticks per second through validate → enrich → aggregate in this process, on one core, against
/// DuckDB (`SET threads=1`) computing the same 1-minute OHLCV + VWAP bars from the same ticks in a CSV file.
///
/// The ticks: 120 instruments (100 US equities, EUR/GBP/JPY bonds), 85% trades and 15% quotes, 5,000 a second
/// of event time, with EURUSD, GBPUSD and USDJPY rates every 100 ms interleaved as a feed would deliver them.
/// Ours drives one ``TickProcessor`` (all stages, intervals 1s/1m/5m/1h/1d, the defaults) in a single task over
/// records already in memory in batches of 4,096, and keeps the 1-minute bars. DuckDB reads the CSV and
/// aggregates the trades by instrument and minute. Each side runs twice, alternating; the best run counts. The
/// bars must agree — the same windows and trade counts, open/high/low/close equal, volume and VWAP within
/// 1e-9 relative — or the benchmark fails.
struct StreamBarsBenchmark {
    let ticks: Int
    let python: PythonPeer
    let master: InstrumentMaster
    let directory: URL

    init(ticks: Int) throws {
        self.ticks = ticks
        python = try PythonPeer()
        master = try InstrumentMaster.load(csvAt: InstrumentMaster.defaultPath)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-bench-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    struct BarValues {
        var open: Double, high: Double, low: Double, close: Double, volume: Double, vwap: Double, count: UInt64
    }

    struct WindowKey: Hashable {
        var instrumentId: String
        var start: Int64
    }

    func run() throws -> BenchMeasurement {
        let (records, csv) = try makeTicks()
        print("stream-bars: \(records.count) records (\(ticks) ticks), CSV \(csv.count / 1_000_000) MB")
        let path = directory.appendingPathComponent("ticks.csv")
        try Data(csv).write(to: path)
        let barsPath = directory.appendingPathComponent("bars.csv").path
        // The runner hands the operator batches it already holds: cutting them is not part of the timed work.
        let batches = stride(from: 0, to: records.count, by: 4_096).map { Array(records[$0..<min(records.count, $0 + 4_096)]) }
        var ours = Double.infinity, theirs = Double.infinity
        var bars: [WindowKey: BarValues] = [:]
        for round in 1...2 {
            let line = try python.run(Self.duckdb, [path.path, barsPath])
            guard let seconds = Double(line) else { throw BenchError("the DuckDB peer printed no time: \(line)") }
            theirs = min(theirs, seconds)
            let (elapsed, ourBars) = try measure(batches)
            ours = min(ours, elapsed)
            bars = ourBars
            print("round \(round): duckdb \(Int(Double(ticks) / seconds)) ticks/s, tickflow \(Int(Double(ticks) / elapsed)) ticks/s")
        }
        try compare(bars, with: try readPeerBars(barsPath))
        return BenchMeasurement(name: "stream-bars", ours: Double(ticks) / ours, peer: Double(ticks) / theirs, unit: "ticks/s", higherIsBetter: true)
    }

    /// Runs every record through a fresh processor; the time and the final 1-minute bars.
    func measure(_ batches: [[StreamRecord<TickInput>]]) throws -> (Double, [WindowKey: BarValues]) {
        var processor = TickProcessor(configuration: TickProcessorConfiguration(), instruments: master)
        var bars: [WindowKey: BarValues] = [:]
        var enriched = 0, rejected = 0
        let clock = ContinuousClock(), started = clock.now
        var output = OperatorOutput<TickOutput>(capacity: 8_192)
        func collect(_ output: inout OperatorOutput<TickOutput>) {
            for index in output.records.indices {
                // The tag first: binding a payload copies it, and all but a few records are enriched ticks.
                if case .enriched = output.records[index].value.value {
                    enriched += 1
                } else if case .bar(let bar) = output.records[index].value.value, bar.interval == .oneMinute && bar.tradeCount > 0 {
                    bars[WindowKey(instrumentId: bar.instrumentId, start: bar.windowStartNanos)] = BarValues(
                        open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, vwap: bar.vwap,
                        count: bar.tradeCount)
                }
            }
            rejected += output.rejections.count
            output.records.removeAll(keepingCapacity: true)
            output.rejections.removeAll(keepingCapacity: true)
        }
        for batch in batches {
            try processor.process(batch, into: &output)
            collect(&output)
        }
        try processor.finish(into: &output)
        collect(&output)
        let elapsed = (clock.now - started).seconds
        guard enriched == ticks, rejected == 0 else { throw BenchError("stream-bars: \(enriched) enriched and \(rejected) rejected of \(ticks) ticks") }
        return (elapsed, bars)
    }

    /// The records (ticks and FX rates in delivery order) and the same ticks as CSV.
    func makeTicks() throws -> ([StreamRecord<TickInput>], [UInt8]) {
        let equities = master.instruments(of: .equity).filter { $0.currency == "USD" }.prefix(100)
        let foreign = ["DE10Y", "DE2Y", "FR10Y", "IT10Y", "GB10Y", "GB2Y", "JP10Y", "JP30Y"].compactMap { master.instrument(symbol: $0) }
        let universe = Array(equities) + foreign + master.instruments(of: .bond).filter { $0.currency == "USD" }.prefix(12)
        let keys = universe.map { Array($0.id.utf8) }
        var prices = universe.map { $0.assetClass == .bond ? 98.0 : 150.0 }
        var rates: [(String, String, Double)] = [("EUR", "USD", 1.08), ("GBP", "USD", 1.27), ("USD", "JPY", 150)]
        let partition = TopicPartition(topic: "market-data.equities.us", partition: 0)
        let fxPartition = TopicPartition(topic: TickInput.fxTopic, partition: 0)
        let t0: Int64 = 1_795_185_000 * Timestamp.nanosPerSecond
        let spacing: Int64 = 200_000  // 5,000 ticks a second
        var records: [StreamRecord<TickInput>] = []
        records.reserveCapacity(ticks + ticks / 100)
        var csv: [UInt8] = Array("instrument_id,kind,ts,price,qty\n".utf8)
        csv.reserveCapacity(ticks * 70)
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var nextFX = t0 - Timestamp.nanosPerSecond
        var offset: Int64 = 0, fxOffset: Int64 = 0
        for index in 0..<ticks {
            let time = t0 + Int64(index) * spacing + Int64(next() % 100_000)
            while nextFX <= time {
                for pair in rates.indices {
                    rates[pair].2 *= 1 + (Double(next() % 2001) - 1000) / 4_000_000
                    let rate = FXRate(
                        baseCurrency: rates[pair].0, quoteCurrency: rates[pair].1, rate: rates[pair].2, source: "EBS", eventTimeNanos: nextFX,
                        ingestTimeNanos: nextFX + 100_000)
                    records.append(StreamRecord(key: Array(rate.pair.utf8), value: .fx(rate), eventTimeNanos: nextFX, position: SourcePosition(fxPartition, offset: fxOffset)))
                    fxOffset += 1
                }
                nextFX += 100 * Timestamp.nanosPerMillisecond
            }
            let which = Int(next() % UInt64(universe.count))
            let instrument = universe[which]
            prices[which] = max(1, prices[which] * (1 + (Double(next() % 2001) - 1000) / 1_000_000))
            let price = (prices[which] * 100).rounded() / 100
            let event: MarketEvent
            if next() % 100 < 85 {
                let quantity = Double(1 + next() % 50) * 100
                event = .trade(
                    Trade(
                        instrumentId: instrument.id, symbol: instrument.symbol, venue: instrument.venue, price: price, quantity: quantity,
                        currency: instrument.currency, aggressorSide: next() % 2 == 0 ? .buy : .sell, sequence: UInt64(index + 1),
                        eventTimeNanos: time, ingestTimeNanos: time + 200_000))
                csv += Array("\(instrument.id),T,\(time),\(price),\(quantity)\n".utf8)
            } else {
                event = .quote(
                    Quote(
                        instrumentId: instrument.id, symbol: instrument.symbol, venue: instrument.venue, bidPrice: price - 0.01, bidSize: 300,
                        askPrice: price + 0.01, askSize: 500, currency: instrument.currency, sequence: UInt64(index + 1), eventTimeNanos: time,
                        ingestTimeNanos: time + 200_000))
                csv += Array("\(instrument.id),Q,\(time),\(price),0\n".utf8)
            }
            records.append(StreamRecord(key: keys[which], value: .market(event), eventTimeNanos: time, position: SourcePosition(partition, offset: offset)))
            offset += 1
        }
        return (records, csv)
    }

    private static let duckdb = """
        import duckdb, sys, time
        con = duckdb.connect()
        con.execute("SET threads=1")
        t = time.perf_counter()
        con.execute('''
            CREATE TABLE bars AS
            SELECT instrument_id, ts // 60000000000 * 60000000000 AS window_start,
                   arg_min(price, ts) AS open, max(price) AS high, min(price) AS low, arg_max(price, ts) AS close,
                   sum(qty) AS volume, sum(price * qty) / sum(qty) AS vwap, count(*) AS trades
            FROM read_csv(?, header=true, columns={'instrument_id': 'VARCHAR', 'kind': 'VARCHAR', 'ts': 'BIGINT', 'price': 'DOUBLE', 'qty': 'DOUBLE'})
            WHERE kind = 'T'
            GROUP BY ALL''', [sys.argv[1]])
        elapsed = time.perf_counter() - t
        con.execute("COPY (SELECT * FROM bars ORDER BY ALL) TO '" + sys.argv[2] + "' (HEADER, DELIMITER ',')")
        print(elapsed)
        """

    private func readPeerBars(_ path: String) throws -> [WindowKey: BarValues] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var bars: [WindowKey: BarValues] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            guard fields.count == 9, let start = Int64(fields[1]), let open = Double(fields[2]), let high = Double(fields[3]),
                let low = Double(fields[4]), let close = Double(fields[5]), let volume = Double(fields[6]), let vwap = Double(fields[7]),
                let count = UInt64(fields[8])
            else { throw BenchError("stream-bars: unreadable DuckDB bar \(line)") }
            bars[WindowKey(instrumentId: fields[0], start: start)] = BarValues(
                open: open, high: high, low: low, close: close, volume: volume, vwap: vwap, count: count)
        }
        return bars
    }

    /// Fails unless both sides made the same bars.
    private func compare(_ ours: [WindowKey: BarValues], with peer: [WindowKey: BarValues]) throws {
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }
        guard ours.count == peer.count, Set(ours.keys) == Set(peer.keys) else {
            throw BenchError("stream-bars: OUTPUTS DIFFER: \(ours.count) 1-minute bars from TickFlow, \(peer.count) from DuckDB")
        }
        for (key, bar) in ours {
            let other = peer[key]!
            guard bar.count == other.count, bar.open == other.open, bar.high == other.high, bar.low == other.low, bar.close == other.close,
                close(bar.volume, other.volume), close(bar.vwap, other.vwap)
            else { throw BenchError("stream-bars: OUTPUTS DIFFER for \(key): TickFlow \(bar), DuckDB \(other)") }
        }
        print("stream-bars: \(ours.count) 1-minute bars equal (OHLC and trade counts exact, volume and VWAP within 1e-9 relative)")
    }
}
