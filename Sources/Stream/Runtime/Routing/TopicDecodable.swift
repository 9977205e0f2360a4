/// A value read from one of several topics, whose wire form depends on the topic it came from.
///
/// A stage subscribed to several topics (raw market data plus the compacted FX rates, say) decodes each record
/// with ``init(topic:bytes:)``. Side inputs — records every instance of the stage needs, whatever partitions it
/// owns — are marked by ``isBroadcast(topic:)``: a runner delivers them to every partition's operator, possibly
/// more than once (after a restart or a rebalance), so operators must apply them idempotently.
public protocol TopicDecodable: Sendable {
    /// Decodes a record value read from `topic`.
    ///
    /// - Parameters:
    ///   - topic: the topic the record was read from.
    ///   - bytes: the record value.
    /// - Throws: an error saying why the bytes are not a valid value of that topic; the runner dead-letters the
    ///   record with it.
    init(topic: String, bytes: [UInt8]) throws

    /// When the event happened, ns since the epoch, UTC.
    var eventTimeNanos: Int64 { get }

    /// Whether records of `topic` are a side input delivered to every partition's operator.
    ///
    /// - Parameter topic: a topic the stage reads.
    static func isBroadcast(topic: String) -> Bool
}

extension TopicDecodable {
    /// Runs `decode` for a record of `topic`, turning any error but a ``StreamError`` into a `.decoding` one that
    /// names the topic and the record's size: the common tail of every ``init(topic:bytes:)``.
    ///
    /// - Throws: the ``StreamError`` `decode` throws, or `.decoding` wrapping any other error.
    public static func decoding(_ topic: String, _ bytes: [UInt8], _ decode: () throws -> Self) throws -> Self {
        do {
            return try decode()
        } catch let error as StreamError {
            throw error
        } catch {
            throw StreamError(.decoding, "invalid record of \(topic) (\(bytes.count) bytes): \(error)", underlying: error)
        }
    }
}
