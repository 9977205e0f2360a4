/// The dictionary of one string column chunk: the entries its rows use (in order of first use), the rows'
/// indices into it, and the entries' UTF-8 bytes laid out flat.
struct StringChunkPlan {
    /// The rows covered.
    let range: Range<Int>
    /// Per row of ``range``, its index into the chunk dictionary (0 for a null row).
    private(set) var remapped = ContiguousArray<UInt32>()
    /// UTF-8 bytes of the chunk dictionary's entries, back to back.
    private(set) var bytes = ContiguousArray<UInt8>()
    /// Where each entry starts in ``bytes``; one more element than there are entries.
    private(set) var offsets = ContiguousArray<Int>([0])
    /// The entries' ordinals in the chunk dictionary, to iterate.
    var entries: Range<Int> { 0..<(offsets.count - 1) }
    /// Size of the dictionary page's values (4-byte length prefix per entry).
    var dictionaryBytes: Int { bytes.count + 4 * entries.count }
    /// Mean entry length, used to size PLAIN pages.
    var averageLength: Int { entries.isEmpty ? 0 : bytes.count / entries.count }

    init(_ strings: DictionaryStrings, range: Range<Int>, validity: ContiguousArray<Bool>?) {
        self.range = range
        var mapping = [Int32](repeating: -1, count: strings.dictionary.count)
        remapped.reserveCapacity(range.count)
        strings.indices.withUnsafeBufferPointer { indices in
            for row in range {
                if let validity, !validity[row] {
                    remapped.append(0)
                    continue
                }
                let original = Int(indices[row])
                var mapped = mapping[original]
                if mapped < 0 {
                    mapped = Int32(offsets.count - 1)
                    mapping[original] = mapped
                    var text = strings.dictionary[original]
                    text.withUTF8 { bytes.append(contentsOf: $0) }
                    offsets.append(bytes.count)
                }
                remapped.append(UInt32(mapped))
            }
        }
    }

    /// Appends entry `ordinal` PLAIN-encoded: a 4-byte little-endian length, then the bytes.
    @inline(__always) func appendPlain(_ ordinal: Int, into sink: inout ByteSink) {
        let from = offsets[ordinal]
        let to = offsets[ordinal + 1]
        sink.appendLittleEndian(UInt32(to - from))
        bytes.withUnsafeBytes { sink.append(UnsafeRawBufferPointer(rebasing: $0[from..<to])) }
    }

    /// The entry's bytes.
    func entryBytes(_ ordinal: Int) -> ArraySlice<UInt8> {
        ArraySlice(bytes[offsets[ordinal]..<offsets[ordinal + 1]])
    }

    /// The ordinals of the smallest and largest entries in byte order, or `nil` when there are none.
    func bounds() -> (min: Int, max: Int)? {
        guard !entries.isEmpty else { return nil }
        var low = 0
        var high = 0
        for k in entries.dropFirst() {
            if entryBytes(k).lexicographicallyPrecedes(entryBytes(low)) { low = k }
            if entryBytes(high).lexicographicallyPrecedes(entryBytes(k)) { high = k }
        }
        return (low, high)
    }
}
