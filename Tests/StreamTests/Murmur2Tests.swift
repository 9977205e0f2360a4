import Testing

@testable import Stream

/// Vectors computed with a small Python 3 reimplementation of the Java client's `Utils.murmur2` (seed 0x9747b28c,
/// little-endian 4-byte blocks, unsigned tail bytes) and checked with `python3` while writing this test.
@Suite struct Murmur2Tests {
    @Test(arguments: [
        ("", Int32(275_646_681)),
        ("21", -973_932_308),
        ("foobar", -790_332_482),
        ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        ("AAPL", 1_691_292_177),
        ("MSFT.O", 699_663_033),
    ])
    func hashMatchesTheJavaClient(text: String, expected: Int32) {
        #expect(Murmur2.hash(Array(text.utf8)) == expected)
    }

    @Test func tailBytesAreUnsigned() {
        #expect(Murmur2.hash([0, 1, 2, 3, 4, 5, 6]) == -1_488_168_820)
        #expect(Murmur2.hash([0xFF, 0x80, 0xC3]) != Murmur2.hash([0x7F, 0x00, 0x43]))
    }

    @Test func toPositiveClearsOnlyTheSignBit() {
        #expect(Murmur2.toPositive(-973_932_308) == 1_173_551_340)
        #expect(Murmur2.toPositive(Int32.min) == 0)
        #expect(Murmur2.toPositive(42) == 42)
    }
}
