import Foundation
import Testing
import TickFlowTestSupport
import Warehouse

@Suite struct ZstdTests {
    /// A page-like column: 10,000 prices around 189 as little-endian doubles.
    private var prices: [UInt8] {
        var bytes: [UInt8] = []
        var price = 189.43
        for index in 0..<10_000 {
            price += Double((index * 7919) % 11 - 5) / 100
            withUnsafeBytes(of: price.bitPattern.littleEndian) { bytes += $0 }
        }
        return bytes
    }

    @Test func roundTripsAndShrinksAColumnPage() throws {
        let compressed = try Zstd.compress(prices)
        #expect(compressed.count < prices.count / 2)
        #expect(try Zstd.decompress(compressed) == prices)
        #expect(try Zstd.decompress(compressed, expectedSize: prices.count) == prices)
        #expect(try Zstd.decompress(try Zstd.compress([])) == [])
    }

    @Test func framesAreInteroperableWithTheZstdCommandLineTool() throws {
        let zstd = try #require(Command.find(["zstd"]), "the zstd tool comes with libzstd-dev's zstd package")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zstd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ours = directory.appendingPathComponent("ours.zst"), theirs = directory.appendingPathComponent("theirs.zst")
        let plain = directory.appendingPathComponent("plain")
        try Data(try Zstd.compress(prices, level: 9)).write(to: ours)
        try Command.check(zstd, ["-q", "-d", ours.path, "-o", directory.appendingPathComponent("ours.out").path])
        #expect(try [UInt8](Data(contentsOf: directory.appendingPathComponent("ours.out"))) == prices)

        try Data(prices).write(to: plain)
        try Command.check(zstd, ["-q", "-19", plain.path, "-o", theirs.path])
        #expect(try Zstd.decompress([UInt8](Data(contentsOf: theirs))) == prices)
    }

    @Test func corruptInputIsAnErrorNotACrash() throws {
        var compressed = try Zstd.compress(prices)
        compressed[compressed.count / 2] ^= 0xFF
        compressed.removeLast(8)
        let error = #expect(throws: WarehouseError.self) { try Zstd.decompress(compressed, expectedSize: prices.count) }
        #expect(error?.code == .compression)
        #expect(throws: WarehouseError.self) { try Zstd.decompress(Array("plain text".utf8)) }
    }
}
