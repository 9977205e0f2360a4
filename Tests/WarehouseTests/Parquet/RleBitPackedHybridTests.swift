import Testing
@testable import Warehouse

@Suite struct RleBitPackedHybridTests {
    @Test(arguments: [1, 3, 8, 13, 20, 32])
    func mixedRunsRoundTrip(bitWidth: Int) throws {
        let maximum = bitWidth == 32 ? UInt32.max : (UInt32(1) << UInt32(bitWidth)) - 1
        var values: [UInt32] = []
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for block in 0..<200 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let v = UInt32(truncatingIfNeeded: state >> 29) & maximum
            if block % 3 == 0 {
                values.append(contentsOf: repeatElement(v, count: Int(state % 40) + 1))
            } else {
                values.append(v)
            }
        }
        var sink = ByteSink()
        values.withUnsafeBufferPointer { RleBitPackedHybrid.encode($0, bitWidth: bitWidth, into: &sink) }
        var decoded = [UInt32](repeating: 0, count: values.count)
        let bytes = Array(sink.bytes)
        try bytes.withUnsafeBytes { raw in
            try decoded.withUnsafeMutableBufferPointer {
                try RleBitPackedHybrid.decode(raw, bitWidth: bitWidth, count: values.count, into: $0.baseAddress!)
            }
        }
        #expect(decoded == values)
    }

    @Test func specExampleBitPacking() throws {
        // parquet-format Encodings.md: values 0..7 at bit width 3 pack to 10001000 11000110 11111010.
        var sink = ByteSink()
        let values: [UInt32] = [0, 1, 2, 3, 4, 5, 6, 7]
        values.withUnsafeBufferPointer { RleBitPackedHybrid.encode($0, bitWidth: 3, into: &sink) }
        #expect(Array(sink.bytes) == [0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010])
    }
}
