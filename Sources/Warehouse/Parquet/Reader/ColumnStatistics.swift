/// A column chunk's decoded statistics, for pruning.
public struct ColumnStatistics: Sendable, Hashable {
    /// The smallest non-null value, if known.
    public var min: ScalarValue?
    /// The largest non-null value, if known.
    public var max: ScalarValue?
    /// The number of nulls, if known.
    public var nullCount: Int?

    init(_ raw: ColumnChunkStatistics, leaf: ParquetSchemaMapping.Leaf) {
        nullCount = raw.nullCount.map(Int.init)
        var low = raw.min
        var high = raw.max
        // Deprecated min/max are signed-ordered: only trust them for numbers.
        if low == nil, high == nil, [.int32, .int64, .double, .float].contains(leaf.physical) {
            low = raw.legacyMin
            high = raw.legacyMax
        }
        min = low.flatMap { Self.decode($0, leaf) }
        max = high.flatMap { Self.decode($0, leaf) }
    }

    private static func decode(_ bytes: [UInt8], _ leaf: ParquetSchemaMapping.Leaf) -> ScalarValue? {
        func little<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard bytes.count == MemoryLayout<T>.size else { return nil }
            return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
        }
        switch (leaf.physical, leaf.spec.type) {
        case (.int64, .int64): return little(Int64.self).map { .int64($0) }
        case (.int64, .timestampNanos): return little(Int64.self).map { .int64($0 &* leaf.nanosPerTick) }
        case (.int32, .int64): return little(Int32.self).map { .int64(Int64($0)) }
        case (.int32, .timestampNanos): return little(Int32.self).map { .int64(Int64($0) &* leaf.nanosPerTick) }
        case (.double, _): return little(UInt64.self).map { .double(Double(bitPattern: $0)) }
        case (.float, _): return little(UInt32.self).map { .double(Double(Float(bitPattern: $0))) }
        case (.boolean, _): return bytes.first.map { .bool($0 != 0) }
        case (.byteArray, .string): return .string(String(decoding: bytes, as: UTF8.self))
        case (_, .decimal(_, let scale)):
            let unscaled: Int128?
            switch leaf.physical {
            case .int32: unscaled = little(Int32.self).map { Int128($0) }
            case .int64: unscaled = little(Int64.self).map { Int128($0) }
            default: unscaled = bytes.count <= 16 ? bytes.withUnsafeBytes { PageValueReader.bigEndianInt128($0) } : nil
            }
            return unscaled.map { .decimal(DecimalConversion.decimal(unscaled: $0, scale: scale)) }
        default: return .bytes(bytes)
        }
    }
}
