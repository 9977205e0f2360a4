/// Chooses a partition for a record: murmur2 of the key for keyed records, round-robin for the others.
///
/// Keyed records land where Kafka's `murmur2_random` partitioner (and the Java client's default) puts them:
/// `toPositive(murmur2(key)) % partitionCount`. This is what keeps one instrument on one partition whichever
/// transport carries it.
public struct KeyPartitioner: Sendable {
    private var nextUnkeyed: UInt32 = 0

    /// Creates a partitioner.
    public init() {}

    /// The partition of a key.
    ///
    /// - Parameters:
    ///   - key: the key bytes.
    ///   - partitionCount: the number of partitions of the topic; must be positive.
    /// - Returns: a partition in `0..<partitionCount`.
    public static func partition(forKey key: some Collection<UInt8>, partitionCount: Int) -> Int32 {
        precondition(partitionCount > 0, "a topic has at least one partition")
        return Murmur2.toPositive(Murmur2.hash(key)) % Int32(partitionCount)
    }

    /// The partition of a record: its explicit partition, else that of its key, else the next one round-robin.
    ///
    /// - Parameters:
    ///   - key: the record key, if any.
    ///   - explicitPartition: a partition set by the producer, which wins.
    ///   - partitionCount: the number of partitions of the topic; must be positive.
    /// - Returns: a partition in `0..<partitionCount` (an explicit partition is returned as given).
    public mutating func partition(key: [UInt8]?, explicitPartition: Int32?, partitionCount: Int) -> Int32 {
        if let explicitPartition { return explicitPartition }
        if let key { return Self.partition(forKey: key, partitionCount: partitionCount) }
        // Unkeyed records carry no ordering promise: spreading them evenly is all that matters.
        defer { nextUnkeyed &+= 1 }
        return Int32(nextUnkeyed % UInt32(partitionCount))
    }
}
