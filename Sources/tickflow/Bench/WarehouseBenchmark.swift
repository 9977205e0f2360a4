import Foundation
import Model
import Warehouse

/// `wh-write`, `wh-size`, `wh-scan`, `wh-read`: the warehouse against pyarrow and DuckDB on the same rows and files.
///
/// The rows are ticks of the `trades` table (20 symbols over one day), generated column by column. `wh-write`
/// times our writer against `pyarrow.parquet.write_table` given the same rows (read back from our file, strings
/// as dictionaries like ours), the same codec (zstd level 3) and the same rows per row group; neither side
/// fsyncs. `wh-scan` computes VWAP per symbol for the day through our scan API (time-range predicate, projection)
/// against DuckDB with one thread on the same file; `wh-read` reads the whole price column against pyarrow with
/// one thread. Each side runs several times, alternating; the best run counts.
struct WarehouseBenchmark {
    let rows: Int
    let directory: String
    let python: PythonPeer
    static let day = PartitionDate(day: 20_413)  // 2025-11-21
    static let runs = 3

    init(rows: Int) throws {
        self.rows = rows
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-bench-wh-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        python = try PythonPeer()
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: directory) }

    var options: ParquetWriterOptions {
        var options = ParquetWriterOptions(compression: .zstd(level: 3))
        options.syncOnClose = false
        return options
    }

    /// `rows` trades, 20 symbols, 8 ms apart from the start of the day.
    func ticks() throws -> RecordBatch {
        let symbols = SampleTrades.symbols, ids = SampleTrades.instrumentIds
        var time = ContiguousArray<Int64>(), ingest = ContiguousArray<Int64>(), price = ContiguousArray<Double>()
        var quantity = ContiguousArray<Double>(), sequence = ContiguousArray<Int64>()
        var symbol = ContiguousArray<Int32>(), venue = ContiguousArray<Int32>(), side = ContiguousArray<Int32>()
        time.reserveCapacity(rows); ingest.reserveCapacity(rows); price.reserveCapacity(rows)
        quantity.reserveCapacity(rows); sequence.reserveCapacity(rows); symbol.reserveCapacity(rows)
        venue.reserveCapacity(rows); side.reserveCapacity(rows)
        var walk = symbols.indices.map { 50 + Double($0) * 10 }
        var state: UInt64 = 42
        for k in 0..<rows {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let s = Int(state >> 33) % symbols.count
            walk[s] = max(1, walk[s] * (1 + Double(Int64(state >> 40 & 0xFF) - 128) / 1_280_000))
            let t = Self.day.startNanos + Int64(k) * 8_000_000 + Int64(state >> 52 & 0xFFF)
            time.append(t)
            ingest.append(t + 250_000)
            price.append((walk[s] * 100).rounded() / 100)
            quantity.append(Double(1 + (state >> 20) % 500))
            sequence.append(Int64(k))
            symbol.append(Int32(s))
            venue.append(Int32(state >> 18 & 1))
            side.append(Int32(state & 1))
        }
        let schema = Tables.trades.schema.columns
        func strings(_ dictionary: [String], _ indices: ContiguousArray<Int32>) -> ColumnValues {
            .string(DictionaryStrings(dictionary: dictionary, indices: indices))
        }
        let values: [ColumnValues] = [
            .int64(time), .int64(ingest), strings(ids, symbol), strings(symbols, symbol), strings(["XNAS", "XNYS"], venue),
            .double(price), .double(quantity), strings(["USD"], ContiguousArray(repeating: 0, count: rows)),
            strings(["buy", "sell"], side), strings([], ContiguousArray(repeating: 0, count: rows)), .int64(sequence),
        ]
        return try RecordBatch(columns: zip(schema, values).map { spec, values in
            Column(spec: spec, values: values, validity: spec.name == "trade_id" ? ContiguousArray(repeating: false, count: rows) : nil, count: rows)
        })
    }

    /// Best wall time of `runs` calls of `body`, in seconds.
    static func best(_ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<runs {
            let start = ContinuousClock.now
            try body()
            best = min(best, (ContinuousClock.now - start).seconds)
        }
        return best
    }

    /// `wh-write` and `wh-size`.
    func write() throws -> (write: BenchMeasurement, size: BenchMeasurement) {
        let batch = try ticks()
        let ours = "\(directory)/ours.parquet", peer = "\(directory)/pyarrow.parquet"
        let oursSeconds = try Self.best {
            let writer = try ParquetWriter(path: ours, schema: batch.schema, options: options)
            try writer.write(batch)
            try writer.close()
        }
        let reader = try ParquetReader(path: ours)
        let rowsPerGroup = reader.rowCount(ofRowGroup: 0)
        print("ours: \(rows) rows in \(String(format: "%.3f", oursSeconds)) s, \(reader.rowGroupCount) row groups of \(rowsPerGroup) rows")
        let line = try python.run(#"""
import sys, time, os, pyarrow.parquet as pq
src, dst, rg, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
strings = ['instrument_id', 'symbol', 'venue', 'currency', 'aggressor_side', 'trade_id']
table = pq.read_table(src, read_dictionary=strings)
best = float('inf')
for _ in range(runs):
    t = time.perf_counter()
    pq.write_table(table, dst, compression='zstd', compression_level=3, row_group_size=rg, use_dictionary=True, write_statistics=True)
    best = min(best, time.perf_counter() - t)
print(best, os.path.getsize(dst))
"""#, [ours, peer, String(rowsPerGroup), String(Self.runs)])
        let fields = line.split(separator: " ")
        guard fields.count == 2, let peerSeconds = Double(fields[0]), let peerBytes = Double(fields[1]) else {
            throw WarehouseError(.io, "unexpected pyarrow output: \(line)")
        }
        let oursBytes = Double(try FileManager.default.attributesOfItem(atPath: ours)[.size] as? Int ?? 0)
        print("pyarrow: \(String(format: "%.3f", peerSeconds)) s; sizes ours \(Int(oursBytes)) B, pyarrow \(Int(peerBytes)) B")
        return (
            BenchMeasurement(name: "wh-write", ours: Double(rows) / oursSeconds, peer: Double(rows) / peerSeconds, unit: "rows/s", higherIsBetter: true),
            BenchMeasurement(name: "wh-size", ours: oursBytes, peer: peerBytes, unit: "bytes", higherIsBetter: false)
        )
    }

    /// A warehouse holding the ticks as one `trades` file; returns it and the file's path.
    func warehouse() throws -> (WarehouseStore, String) {
        var store = try WarehouseStore(root: "\(directory)/warehouse")
        store.writerOptions = options
        let snapshot = try store.append(try ticks(), to: Tables.trades)
        return (store, store.absolutePath(snapshot.files[0]))
    }

    /// `wh-scan`.
    func scan() throws -> BenchMeasurement {
        let (store, path) = try warehouse()
        let scanner = TableScanner(store: store)
        let request = ScanRequest(table: Tables.trades, columns: ["symbol", "price", "quantity"],
                                  fromNanos: Self.day.startNanos, toNanos: Self.day.endNanos)
        var vwap: [String: Double] = [:]
        let oursSeconds = try Self.best {
            var notional: [String: Double] = [:], volume: [String: Double] = [:]
            try scanner.scan(request) { batch in
                let strings = batch.columns[0].stringValues!
                var n = [Double](repeating: 0, count: strings.dictionary.count), v = n
                batch.columns[1].doubleValues!.withUnsafeBufferPointer { prices in
                    batch.columns[2].doubleValues!.withUnsafeBufferPointer { quantities in
                        strings.indices.withUnsafeBufferPointer { indices in
                            for row in 0..<batch.count {
                                let s = Int(indices[row])
                                n[s] += prices[row] * quantities[row]
                                v[s] += quantities[row]
                            }
                        }
                    }
                }
                for (s, name) in strings.dictionary.enumerated() where v[s] > 0 {
                    notional[name, default: 0] += n[s]
                    volume[name, default: 0] += v[s]
                }
            }
            vwap = notional.mapValues { $0 }.merging(volume) { $0 / $1 }
        }
        let line = try python.run(#"""
import sys, time, duckdb
path, lo, hi, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
con = duckdb.connect()
con.execute("SET threads=1")
q = f"SELECT symbol, sum(price*quantity)/sum(quantity) FROM read_parquet('{path}') WHERE event_time >= make_timestamp_ns({lo})::TIMESTAMPTZ_NS AND event_time < make_timestamp_ns({hi})::TIMESTAMPTZ_NS GROUP BY symbol"
best = float('inf')
for _ in range(runs):
    t = time.perf_counter()
    rows = con.execute(q).fetchall()
    best = min(best, time.perf_counter() - t)
print(best, ';'.join(f'{s}={v!r}' for s, v in rows))
"""#, [path, String(Self.day.startNanos), String(Self.day.endNanos), String(Self.runs)])
        let parts = line.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let peerSeconds = Double(parts[0]) else { throw WarehouseError(.io, "unexpected DuckDB output: \(line)") }
        var worst = 0.0
        for pair in parts[1].split(separator: ";") {
            let kv = pair.split(separator: "=")
            guard kv.count == 2, let theirs = Double(kv[1]), let mine = vwap[String(kv[0])] else {
                throw WarehouseError(.io, "DuckDB result \(pair) has no counterpart in ours")
            }
            worst = max(worst, abs(mine - theirs) / abs(theirs))
        }
        guard vwap.count == 20, worst < 1e-9 else {
            throw WarehouseError(.io, "VWAPs disagree with DuckDB: \(vwap.count) symbols, worst relative difference \(worst)")
        }
        print("VWAP of \(vwap.count) symbols agrees with DuckDB (worst relative difference \(worst)); ours \(String(format: "%.3f", oursSeconds)) s, DuckDB 1 thread \(String(format: "%.3f", peerSeconds)) s")
        return BenchMeasurement(name: "wh-scan", ours: oursSeconds * 1000, peer: peerSeconds * 1000, unit: "ms", higherIsBetter: false)
    }

    /// `wh-read`.
    func read() throws -> BenchMeasurement {
        let (_, path) = try warehouse()
        let megabytes = Double(rows * 8) / 1e6
        var total = 0.0
        let oursSeconds = try Self.best {
            let reader = try ParquetReader(path: path)
            let price = reader.schema.index(of: "price")!
            total = 0
            for group in 0..<reader.rowGroupCount {
                let prices = try reader.readRowGroup(group, columns: [price]).columns[0].doubleValues!
                total += prices.reduce(0, +)
            }
        }
        let line = try python.run(#"""
import sys, time, pyarrow.parquet as pq, pyarrow.compute as pc
path, runs = sys.argv[1], int(sys.argv[2])
best = float('inf')
for _ in range(runs):
    t = time.perf_counter()
    prices = pq.read_table(path, columns=['price'], use_threads=False).column('price')
    best = min(best, time.perf_counter() - t)
print(best, pc.sum(prices).as_py())
"""#, [path, String(Self.runs)])
        let fields = line.split(separator: " ")
        guard fields.count == 2, let peerSeconds = Double(fields[0]), let theirTotal = Double(fields[1]) else {
            throw WarehouseError(.io, "unexpected pyarrow output: \(line)")
        }
        guard abs(total - theirTotal) <= 1e-9 * abs(theirTotal) else {
            throw WarehouseError(.io, "price sums disagree: ours \(total), pyarrow \(theirTotal)")
        }
        print("price column: \(String(format: "%.1f", megabytes)) MB; ours \(String(format: "%.3f", oursSeconds)) s, pyarrow 1 thread \(String(format: "%.3f", peerSeconds)) s")
        return BenchMeasurement(name: "wh-read", ours: megabytes / oursSeconds, peer: megabytes / peerSeconds, unit: "MB/s", higherIsBetter: true)
    }
}
