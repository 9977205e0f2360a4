import ArgumentParser
import Foundation
import Model
import Warehouse

/// Options naming the warehouse directory.
struct WarehouseOptions: ParsableArguments {
    @Option(help: "The warehouse directory.") var warehouse: String = "data/warehouse"

    func open() throws -> WarehouseStore { try WarehouseStore(root: warehouse) }
}

/// `tickflow warehouse info|compact|vacuum|retention`: inspect and maintain the warehouse.
struct WarehouseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warehouse", abstract: "Inspect and maintain the Parquet warehouse.",
        subcommands: [Info.self, Compact.self, Vacuum.self, Retention.self, LoadSample.self])

    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the current snapshot: tables, partitions, files, rows.")
        @OptionGroup var options: WarehouseOptions
        @Option(help: "Show this snapshot version instead of the latest.") var version: Int64?

        func run() async throws {
            let store = try options.open()
            let snapshot = try version.map { try store.catalog.snapshot(version: $0) } ?? store.catalog.current()
            print("warehouse \(store.root): version \(snapshot.version) (\(snapshot.operation)), versions kept \(store.catalog.versions().count)")
            for table in Dictionary(grouping: snapshot.files, by: \.table).sorted(by: { $0.key < $1.key }) {
                let rows = table.value.reduce(0) { $0 + $1.rows }, bytes = table.value.reduce(0) { $0 + $1.bytes }
                let partitions = Set(table.value.map(\.partition)).sorted()
                print("  \(table.key): \(table.value.count) files, \(partitions.count) partitions (\(partitions.first.map(String.init(describing:)) ?? "")…\(partitions.last.map(String.init(describing:)) ?? "")), \(rows) rows, \(bytes) bytes")
            }
            for (source, offset) in snapshot.sourceOffsets.sorted(by: { $0.key < $1.key }) { print("  offset \(source) → \(offset)") }
        }
    }

    struct Compact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Merge each partition's small files into one.")
        @OptionGroup var options: WarehouseOptions
        @Option(help: "Tables to compact (default: all).") var table: [String] = []
        @Option(help: "Files below this many bytes are merged.") var smallerThan = 64 << 20

        func run() async throws {
            let store = try options.open()
            for definition in try table.isEmpty ? Tables.all : table.map(Tables.named) {
                let merged = try store.compact(table: definition, smallerThan: smallerThan)
                if merged > 0 { print("\(definition.name): merged \(merged) files") }
            }
        }
    }

    struct Vacuum: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete files and manifests no kept snapshot needs.")
        @OptionGroup var options: WarehouseOptions
        @Option(help: "Snapshots to keep readable.") var keepVersions = 10
        @Option(help: "Only delete unreferenced files older than this many seconds.") var minimumAge: Double = 3600

        func run() async throws {
            let report = try options.open().vacuum(keepVersions: keepVersions, minimumAgeSeconds: minimumAge)
            print("deleted \(report.deletedFiles.count) files and \(report.deletedManifests) manifests")
        }
    }

    struct Retention: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Drop partitions older than a date.")
        @OptionGroup var options: WarehouseOptions
        @Option(help: "Tables (default: all).") var table: [String] = []
        @Option(help: "Drop partitions before this date (YYYY-MM-DD).") var before: String

        func run() async throws {
            let store = try options.open()
            let cutoff = try PartitionDate(parsing: before)
            for definition in try table.isEmpty ? Tables.all : table.map(Tables.named) {
                let dropped = try store.dropPartitions(table: definition, olderThan: cutoff)
                if !dropped.isEmpty { print("\(definition.name): dropped \(dropped.map(\.description).joined(separator: ", "))") }
            }
        }
    }

    /// Appends generated trades in several commits (used by the durability tests, which kill it mid-way).
    struct LoadSample: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "load-sample", abstract: "Append generated trades.", shouldDisplay: false)
        @OptionGroup var options: WarehouseOptions
        @Option(help: "Commits to make.") var commits = 1
        @Option(help: "Trades per commit.") var rows = 1000

        func run() async throws {
            let store = try options.open()
            for commit in 0..<commits {
                let trades = SampleTrades.make(count: rows, seed: UInt64(commit), startNanos: 1_763_683_200_000_000_000 + Int64(commit) * 60_000_000_000)
                let snapshot = try store.append(try Tables.tradeRows.encode(trades), to: Tables.trades)
                print("committed version \(snapshot.version)")
            }
        }
    }
}
