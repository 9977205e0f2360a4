import Foundation
import Testing
@testable import Warehouse

/// TickFlow files read by pyarrow, DuckDB and Polars, and pyarrow files read by TickFlow.
@Suite struct ParquetInteropTests {
    /// Prints `{"types": …, "rows": [[…], …]}` for a file with the columns of the all-types fixture.
    static let dumpScript = #"""
import sys, json, decimal, uuid
path, engine = sys.argv[1], sys.argv[2]
def norm_dec(d):
    if d is None: return None
    s = format(d.normalize(), 'f')
    return '0' if s in ('-0', '0') else s
def norm_uuid(u):
    if u is None: return None
    return u.hex if isinstance(u, uuid.UUID) else bytes(u).hex()
if engine == 'pyarrow':
    import pyarrow.parquet as pq, pyarrow as pa
    t = pq.read_table(path)
    types = {f.name: str(f.type) for f in t.schema}
    ts = t.column('ts').cast(pa.int64()).to_pylist()
    cols = {n: t.column(n).to_pylist() for n in ['id', 'price', 'flag', 'symbol', 'amount']}
    uid = t.column('uid')
    if hasattr(uid.type, 'storage_type'): uid = pa.chunked_array([c.storage for c in uid.chunks])
    uids = uid.to_pylist()
elif engine == 'duckdb':
    import duckdb
    con = duckdb.connect()
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()}
    rows = con.execute(f"SELECT id, epoch_ns(ts), price, flag, symbol, amount, uid FROM read_parquet('{path}')").fetchall()
    cols = {n: [r[i] for r in rows] for i, n in [(0, 'id'), (2, 'price'), (3, 'flag'), (4, 'symbol'), (5, 'amount')]}
    ts = [r[1] for r in rows]
    uids = [r[6] for r in rows]
else:
    import polars as pl
    df = pl.read_parquet(path)
    types = {n: str(t) for n, t in df.schema.items()}
    ts = df['ts'].dt.epoch('ns').to_list()
    cols = {n: df[n].to_list() for n in ['id', 'price', 'flag', 'symbol', 'amount']}
    uids = df['uid'].to_list()
def text(v):
    if v is None: return 'null'
    if isinstance(v, bool): return 'true' if v else 'false'
    if isinstance(v, float): return repr(v)
    return str(v)
out = []
for i in range(len(ts)):
    out.append([text(v) for v in [cols['id'][i], ts[i], cols['price'][i], cols['flag'][i], cols['symbol'][i], norm_dec(cols['amount'][i]), norm_uuid(uids[i])]])
print(json.dumps({'types': types, 'rows': out}))
"""#

    static func expectedRows(_ batch: RecordBatch) -> [[String]] {
        WarehouseFixtures.rows(batch).map { row in
            row.map { value in
                switch value {
                case .null: "null"
                case .decimal(let d): d == 0 ? "0" : d.description
                default: value.description
                }
            }
        }
    }

    static func parsedRows(_ json: [String: Any]) -> [[String]] {
        json["rows"] as? [[String]] ?? []
    }

    @Test(arguments: ["pyarrow", "duckdb", "polars"])
    func peersReadTickFlowFiles(engine: String) throws {
        let dir = try WarehouseFixtures.temporaryDirectory()
        let batch = try WarehouseFixtures.allTypesBatch(rows: 3000)
        let path = "\(dir)/tickflow.parquet"
        let writer = try ParquetWriter(path: path, schema: batch.schema, options: ParquetWriterOptions(rowGroupBytes: 32 << 10))
        try writer.write(batch)
        try writer.close()

        let output = try WarehouseFixtures.python(Self.dumpScript, [path, engine])
        let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
        let types = json["types"] as? [String: String] ?? [:]
        let expectedTypes: [String: [String]] = [
            "pyarrow": ["int64", "timestamp[ns, tz=UTC]", "double", "bool", "string", "decimal128(20, 8)"],
            "duckdb": ["BIGINT", "TIMESTAMPTZ_NS", "DOUBLE", "BOOLEAN", "VARCHAR", "DECIMAL(20,8)"],
            "polars": ["Int64", "Datetime(time_unit='ns', time_zone='UTC')", "Float64", "Boolean", "String", "Decimal(precision=20, scale=8)"],
        ]
        let names = ["id", "ts", "price", "flag", "symbol", "amount"]
        for (name, type) in zip(names, expectedTypes[engine]!) {
            #expect(types[name] == type, "\(engine) reads \(name) as \(types[name] ?? "nothing")")
        }
        let actual = Self.parsedRows(json)
        let expected = Self.expectedRows(batch)
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) where a != e {
            Issue.record("\(engine): \(a) != \(e)")
            break
        }
    }

    @Test func tickFlowReadsPyarrowFiles() throws {
        let dir = try WarehouseFixtures.temporaryDirectory()
        let path = "\(dir)/pyarrow.parquet"
        let script = #"""
import sys, pyarrow as pa, pyarrow.parquet as pq, decimal, json
n = 30000
syms = ['AAPL', 'MSFT', None, 'EURUSD', 'ÄÖÜ']
t = pa.table({
    'id': pa.array([None if i % 9 == 0 else i * 3 - 7 for i in range(n)], pa.int64()),
    'ts': pa.array([None if i % 10 == 0 else 1_700_000_000_000_000_000 + i * 999 for i in range(n)], pa.timestamp('ns', tz='UTC')),
    'price': pa.array([None if i % 11 == 0 else 50 + i / 8 for i in range(n)], pa.float64()),
    'flag': pa.array([None if i % 12 == 0 else i % 5 == 0 for i in range(n)], pa.bool_()),
    'symbol': pa.array([syms[i % 5] for i in range(n)], pa.string()),
    'amount': pa.array([None if i % 13 == 0 else decimal.Decimal(i * 1234567) / decimal.Decimal(10**8) for i in range(n)], pa.decimal128(20, 8)),
    'small': pa.array([i % 1000 for i in range(n)], pa.int32()),
    'note': pa.array([f'unique-{i}' for i in range(n)], pa.string()),
})
pq.write_table(t, sys.argv[1], compression='zstd', row_group_size=7000, data_page_version=sys.argv[2])
print(json.dumps({'sum_id': sum(x for x in t.column('id').to_pylist() if x is not None),
    'nulls_price': t.column('price').null_count, 'sum_amount': str(sum(x for x in t.column('amount').to_pylist() if x is not None)),
    'last_note': t.column('note')[-1].as_py(), 'aapl': sum(1 for s in t.column('symbol').to_pylist() if s == 'AAPL')}))
"""#
        for pageVersion in ["1.0", "2.0"] {
            let output = try WarehouseFixtures.python(script, [path, pageVersion])
            let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
            let reader = try ParquetReader(path: path)
            #expect(reader.rowGroupCount == 5)
            #expect(reader.schema.columns.map(\.type) == [.int64, .timestampNanos, .double, .bool, .string, .decimal(precision: 20, scale: 8), .int64, .string])
            let batch = try reader.readAll()
            #expect(batch.count == 30000)
            let ids = batch.column("id")!
            let sumId = (0..<batch.count).reduce(Int64(0)) { $0 + (ids.isValid($1) ? ids.int64Values![$1] : 0) }
            #expect(sumId == (json["sum_id"] as? NSNumber)?.int64Value)
            #expect(batch.column("price")!.nullCount == (json["nulls_price"] as? Int))
            let amounts = batch.column("amount")!
            var total = Decimal(0)
            for row in 0..<batch.count { if case .decimal(let d) = amounts.value(at: row) { total += d } }
            #expect(total == Decimal(string: json["sum_amount"] as? String ?? "x"))
            #expect(batch.column("note")!.value(at: 29999) == .string(json["last_note"] as? String ?? ""))
            let symbols = batch.column("symbol")!
            let aapl = (0..<batch.count).filter { symbols.value(at: $0) == .string("AAPL") }.count
            #expect(aapl == json["aapl"] as? Int)
            #expect(batch.column("ts")!.value(at: 1) == .int64(1_700_000_000_000_000_999))
            #expect(batch.column("ts")!.value(at: 0) == .null)
            let stats = reader.statistics(rowGroup: 1, column: 0)
            #expect(stats?.min == .int64(7000 * 3 - 7))
        }
    }
}
