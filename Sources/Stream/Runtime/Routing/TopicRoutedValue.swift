/// An output value that knows its destination topic, its headers and its wire form, so that one sink can write
/// an operator's mixed output (enriched ticks, bars of several intervals, books) to their topics.
public protocol TopicRoutedValue: Sendable {
    /// The topic this value goes to, e.g. `bars.1m`.
    var topic: String { get }

    /// Headers to send with it (flags, scores); empty by default.
    var headers: [RecordHeader] { get }

    /// The value's wire form for ``topic``.
    ///
    /// - Throws: an error saying why the value cannot be encoded.
    func encoded() throws -> [UInt8]
}

extension TopicRoutedValue {
    /// No headers.
    public var headers: [RecordHeader] { [] }
}
