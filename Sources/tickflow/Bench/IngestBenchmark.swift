import Connectors
import Foundation
import Model
import Stream

/// The connectors' benchmarks:
/// - `ingest-csv`: rows/s from a trades CSV to normalised events, against DuckDB's `read_csv` single-threaded
///   (`SET threads=1`, materialising every column into a table) on the same file;
/// - `ingest-fix`: FIX messages/s framed, verified and normalised, against `simplefix` parsing the same file;
/// - `ingest-latency`: p99 from reading a record to its acknowledgement on the raw topic (mock cluster, linger
///   0), against the blueprint's 10 ms bound.
///
/// Both sides read the same file from the page cache: each side runs twice, alternating, the best run counts.
struct IngestBenchmark {
    let master: InstrumentMaster
    let python: PythonPeer
    let directory: URL

    init() throws {
        python = try PythonPeer()
        master = try InstrumentMaster.load(csvAt: InstrumentMaster.defaultPath)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-bench-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// Runs a Python snippet that prints one number, its measured seconds.
    private func runPython(_ script: String, _ arguments: [String]) throws -> Double {
        let line = try python.run(script, arguments)
        guard let seconds = Double(line) else { throw BenchError("the Python peer printed no time: \(line)") }
        return seconds
    }

    /// Writes a file line by line through a buffer.
    private func write(_ path: URL, lines count: Int, header: String?, line: (Int, inout [UInt8]) -> Void) throws {
        FileManager.default.createFile(atPath: path.path, contents: nil)
        let handle = try FileHandle(forWritingTo: path)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 22)
        if let header { buffer += Array(header.utf8) }
        for index in 0..<count {
            line(index, &buffer)
            if buffer.count > 1 << 22 - 512 { handle.write(Data(buffer)); buffer.removeAll(keepingCapacity: true) }
        }
        handle.write(Data(buffer))
        try handle.close()
    }

    /// Runs the peer and our feed twice, alternating; the best time of each, in seconds. Every item of our feed
    /// must be an event (one per row or message).
    private func bestOfTwo<Feed: FeedSource>(
        unit: String, items: Int, peer: (name: String, script: String, arguments: [String]), feed makeFeed: () throws -> Feed
    ) async throws -> (ours: Double, peer: Double) {
        var ours = Double.infinity, theirs = Double.infinity
        for round in 1...2 {
            theirs = min(theirs, try runPython(peer.script, peer.arguments))
            let clock = ContinuousClock(), started = clock.now
            var feed = try makeFeed()
            var events = 0, rejects = 0
            while let batch = try await feed.next(maxItems: 4096) {
                for index in batch.indices { if batch[index].isEvent { events += 1 } else { rejects += 1 } }
            }
            ours = min(ours, (clock.now - started).seconds)
            guard events == items, rejects == 0 else { throw ConnectorError(.io, "\(events) events, \(rejects) rejects from \(items) inputs") }
            print("round \(round): \(peer.name) \(Int(Double(items) / theirs)) \(unit), tickflow \(Int(Double(items) / ours)) \(unit)")
        }
        return (ours, theirs)
    }

    // MARK: - ingest-csv

    func csv(rows: Int) async throws -> BenchMeasurement {
        let path = directory.appendingPathComponent("trades.csv")
        let symbols = master.instruments(of: .equity).map(\.symbol)
        let start = Timestamp.parseISO8601OrZero("2026-11-20T14:30:00Z")
        try write(path, lines: rows, header: "timestamp,symbol,price,size,side\n") { index, buffer in
            let time = Timestamp.iso8601(start + Int64(index) * 1_000_000).dropLast(4)  // microseconds
            let price = 100 + Double(index % 10_000) / 100
            buffer += Array("\(time)Z,\(symbols[index % symbols.count]),\(price),\(100 * (1 + index % 9)),\(index % 2 == 0 ? "B" : "S")\n".utf8)
        }
        print("ingest-csv: \(rows) rows, \(((try? FileManager.default.attributesOfItem(atPath: path.path)[.size] as? Int) ?? 0) / 1_000_000) MB")
        let duck = """
            import duckdb, sys, time
            con = duckdb.connect()
            con.execute("SET threads=1")
            t = time.perf_counter()
            con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, header=true)", [sys.argv[1]])
            n = con.execute("SELECT count(*) FROM t").fetchone()[0]
            elapsed = time.perf_counter() - t
            assert n == int(sys.argv[2]), n
            print(elapsed)
            """
        let (ours, peer) = try await bestOfTwo(unit: "rows/s", items: rows, peer: ("duckdb", duck, [path.path, String(rows)])) {
            try LineFileFeed(
                path: path.path, parser: CSVMarketParser(mapping: ColumnMapping(), master: master, sourceName: "bench"),
                clock: WallClock.nowNanos)
        }
        return BenchMeasurement(name: "ingest-csv", ours: Double(rows) / ours, peer: Double(rows) / peer, unit: "rows/s", higherIsBetter: true)
    }

    // MARK: - ingest-fix

    func fix(messages: Int) async throws -> BenchMeasurement {
        let path = directory.appendingPathComponent("market.fix")
        let symbols = master.instruments(of: .equity).map(\.symbol)
        try write(path, lines: messages, header: nil) { index, buffer in
            let symbol = symbols[index % symbols.count]
            let price = String(100 + Double(index % 10_000) / 100)
            let time = "20261120-14:30:\(String(format: "%02d", index / 1000 % 60)).\(String(format: "%03d", index % 1000))"
            let header: [(Int, String)] = [(35, index % 2 == 0 ? "X" : "W"), (49, "FEED"), (56, "TICKFLOW"), (34, String(index + 1)), (52, time)]
            let body: [(Int, String)] = index % 2 == 0
                ? [(268, "1"), (279, "0"), (269, "2"), (55, symbol), (270, price), (271, "100")]
                : [(55, symbol), (268, "2"), (269, "0"), (270, price), (271, "300"), (269, "1"), (270, price + "5"), (271, "200")]
            buffer += FIXMessage.encode(header + body)
        }
        let simplefix = """
            import simplefix, sys, time
            data = open(sys.argv[1], "rb").read()
            t = time.perf_counter()
            parser = simplefix.FixParser()
            n = 0
            # Fed in 4 KB chunks, as from a socket: one append of the whole file makes get_message quadratic.
            for offset in range(0, len(data), 4096):
                parser.append_buffer(data[offset:offset + 4096])
                while parser.get_message() is not None:
                    n += 1
            elapsed = time.perf_counter() - t
            assert n == int(sys.argv[2]), n
            print(elapsed)
            """
        let (ours, peer) = try await bestOfTwo(unit: "msgs/s", items: messages, peer: ("simplefix", simplefix, [path.path, String(messages)])) {
            try FIXFileFeed(path: path.path, master: master, clock: WallClock.nowNanos)
        }
        return BenchMeasurement(
            name: "ingest-fix", ours: Double(messages) / ours, peer: Double(messages) / peer, unit: "msgs/s", higherIsBetter: true)
    }

    // MARK: - ingest-latency

    func latency(records: Int) async throws -> BenchMeasurement {
        let cluster = try KafkaMockCluster(brokers: 3)
        try cluster.createTopic("market-data.equities.us", partitions: 6, replicationFactor: 3)
        try cluster.createTopic("dlq.ingest", partitions: 3, replicationFactor: 3)
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.lingerMillis = 0
        configuration.compression = .none
        configuration.additionalProperties = ["log_level": "3"]
        let producer = try KafkaProducer(configuration: configuration)
        var sink = IngestSink(producer: producer)
        let path = directory.appendingPathComponent("latency.csv")
        let symbols = master.instruments(of: .equity).map(\.symbol)
        try write(path, lines: records + 200, header: "timestamp,symbol,price,size,side\n") { index, buffer in
            buffer += Array("2026-11-20T14:30:00.\(String(format: "%06d", index % 1_000_000))Z,\(symbols[index % symbols.count]),101.25,100,B\n".utf8)
        }
        var feed = try LineFileFeed(
            path: path.path, parser: CSVMarketParser(mapping: ColumnMapping(), master: master, sourceName: "bench"), clock: WallClock.nowNanos)
        var samples: [Double] = []
        samples.reserveCapacity(records)
        let clock = ContinuousClock()
        for index in 0..<(records + 200) {
            let started = clock.now
            guard let items = try await feed.next(maxItems: 1) else { break }
            try await sink.write(items)
            // The first 200 warm the connection and the partitions' leaders up.
            if index >= 200 { samples.append((clock.now - started).seconds * 1000) }
        }
        try await producer.close()
        samples.sort()
        let p50 = samples[samples.count / 2], p99 = samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))]
        print("ingest-latency: \(samples.count) records, p50 \(String(format: "%.3f", p50)) ms, p99 \(String(format: "%.3f", p99)) ms")
        withExtendedLifetime(cluster) {}
        return BenchMeasurement(name: "ingest-latency", ours: p99, peer: 10, unit: "ms", higherIsBetter: false)
    }
}

extension Timestamp {
    /// Parses a known-good literal (benchmark set-up only).
    static func parseISO8601OrZero(_ text: String) -> Int64 { (try? parseISO8601(text)) ?? 0 }
}
