import Testing

@testable import Stream

@Suite struct KeyPartitionerTests {
    /// Partitions computed with the same Python reimplementation: `(murmur2(key) & 0x7fffffff) % n`.
    @Test(arguments: [
        ("21", 3, Int32(0)), ("foobar", 12, 6), ("a-little-bit-long-string", 3, 2),
        ("a-little-bit-longer-string", 12, 11), ("AAPL", 12, 9), ("", 12, 9),
    ])
    func keyedPartitionMatchesKafka(key: String, partitions: Int, expected: Int32) {
        #expect(KeyPartitioner.partition(forKey: Array(key.utf8), partitionCount: partitions) == expected)
    }

    @Test func explicitPartitionWinsAndUnkeyedRecordsRoundRobin() {
        var partitioner = KeyPartitioner()
        #expect(partitioner.partition(key: Array("AAPL".utf8), explicitPartition: 2, partitionCount: 12) == 2)
        let unkeyed = (0..<6).map { _ in partitioner.partition(key: nil, explicitPartition: nil, partitionCount: 3) }
        #expect(unkeyed == [0, 1, 2, 0, 1, 2])
    }
}
