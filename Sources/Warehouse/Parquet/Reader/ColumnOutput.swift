/// The typed storage a chunk decodes into, sized for the chunk's rows: values land at their row, nulls are
/// spread in afterwards.
struct ColumnOutput {
    let type: ColumnType
    private var int64s = ContiguousArray<Int64>()
    private var doubles = ContiguousArray<Double>()
    private var bools = ContiguousArray<Bool>()
    private var decimals = ContiguousArray<Int128>()
    private var bytes = ContiguousArray<UInt8>()
    private var stringIndices = ContiguousArray<Int32>()
    private(set) var strings: [String] = []
    private var stringLookup: [String: Int32]?
    /// Where the entries of the latest dictionary page start in ``strings``.
    private var dictionaryBase: Int32 = 0
    private var validity: ContiguousArray<Bool>?
    private let rows: Int
    private let width: Int

    init(type: ColumnType, rows: Int) {
        self.type = type
        self.rows = rows
        width = type.valueWidth
        switch type {
        case .int64, .timestampNanos: int64s = ContiguousArray(repeating: 0, count: rows)
        case .double: doubles = ContiguousArray(repeating: 0, count: rows)
        case .bool: bools = ContiguousArray(repeating: false, count: rows)
        case .decimal: decimals = ContiguousArray(repeating: 0, count: rows)
        case .uuid, .fixedBytes: bytes = ContiguousArray(repeating: 0, count: rows * width)
        case .string: stringIndices = ContiguousArray(repeating: 0, count: rows)
        }
    }

    /// The finished column.
    func column(_ spec: ColumnSpec) -> Column {
        let values: ColumnValues
        switch type {
        case .int64, .timestampNanos: values = .int64(int64s)
        case .double: values = .double(doubles)
        case .bool: values = .bool(bools)
        case .decimal: values = .decimal(decimals)
        case .uuid, .fixedBytes: values = .fixedBytes(bytes)
        case .string: values = .string(DictionaryStrings(dictionary: strings, indices: stringIndices))
        }
        return Column(spec: spec, values: values, validity: validity, count: rows)
    }

    /// Takes a string dictionary page's entries; the following pages' indices refer to them.
    mutating func adoptDictionary(_ dictionary: ColumnOutput) {
        dictionaryBase = Int32(strings.count)
        strings.append(contentsOf: dictionary.strings)
        if stringLookup != nil {
            for (k, s) in dictionary.strings.enumerated() where stringLookup![s] == nil { stringLookup![s] = dictionaryBase + Int32(k) }
        }
    }

    /// Decodes `count` PLAIN values of the leaf's physical type into rows `row..<row+count`.
    mutating func decodePlain(_ reader: inout PageValueReader, leaf: ParquetSchemaMapping.Leaf, count: Int, at row: Int) throws {
        guard row + count <= rows else { throw HybridDecodingError("more values than rows") }
        switch (leaf.physical, type) {
        case (.int64, .int64), (.int64, .timestampNanos):
            let raw = try reader.take(count * 8, "\(count) int64 values")
            int64s.withUnsafeMutableBytes { UnsafeMutableRawBufferPointer(rebasing: $0[(row * 8)...]).copyMemory(from: raw) }
            if leaf.nanosPerTick != 1 { scaleTimestamps(row..<(row + count), by: leaf.nanosPerTick) }
        case (.int32, .int64), (.int32, .timestampNanos):
            let raw = try reader.take(count * 4, "\(count) int32 values")
            for k in 0..<count {
                int64s[row + k] = Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: k * 4, as: Int32.self)))
            }
            if leaf.nanosPerTick != 1 { scaleTimestamps(row..<(row + count), by: leaf.nanosPerTick) }
        case (.double, .double):
            let raw = try reader.take(count * 8, "\(count) double values")
            doubles.withUnsafeMutableBytes { UnsafeMutableRawBufferPointer(rebasing: $0[(row * 8)...]).copyMemory(from: raw) }
        case (.float, .double):
            let raw = try reader.take(count * 4, "\(count) float values")
            for k in 0..<count {
                doubles[row + k] = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: k * 4, as: UInt32.self))))
            }
        case (.boolean, .bool):
            let raw = try reader.take((count + 7) / 8, "\(count) booleans")
            for k in 0..<count { bools[row + k] = raw[k >> 3] & (1 << (k & 7)) != 0 }
        case (.byteArray, .string):
            if stringLookup == nil {
                var lookup = [String: Int32](minimumCapacity: strings.count)
                for (k, s) in strings.enumerated() { lookup[s] = Int32(k) }
                stringLookup = lookup
            }
            for k in 0..<count {
                let value = String(decoding: try reader.byteArray(), as: UTF8.self)
                if let index = stringLookup![value] {
                    stringIndices[row + k] = index
                } else {
                    let index = Int32(strings.count)
                    strings.append(value)
                    stringLookup![value] = index
                    stringIndices[row + k] = index
                }
            }
        case (.int64, .decimal):
            let raw = try reader.take(count * 8, "\(count) int64 decimals")
            for k in 0..<count { decimals[row + k] = Int128(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: Int64.self))) }
        case (.int32, .decimal):
            let raw = try reader.take(count * 4, "\(count) int32 decimals")
            for k in 0..<count { decimals[row + k] = Int128(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: k * 4, as: Int32.self))) }
        case (.fixedLenByteArray, .decimal):
            let raw = try reader.take(count * leaf.typeLength, "\(count) decimals")
            for k in 0..<count {
                decimals[row + k] = PageValueReader.bigEndianInt128(UnsafeRawBufferPointer(rebasing: raw[(k * leaf.typeLength)..<((k + 1) * leaf.typeLength)]))
            }
        case (.byteArray, .decimal):
            for k in 0..<count {
                let raw = try reader.byteArray()
                guard raw.count <= 16 else { throw HybridDecodingError("decimal of \(raw.count) bytes is wider than 16") }
                decimals[row + k] = PageValueReader.bigEndianInt128(raw)
            }
        case (.fixedLenByteArray, .uuid), (.fixedLenByteArray, .fixedBytes):
            let raw = try reader.take(count * width, "\(count) fixed-length values")
            bytes.withUnsafeMutableBytes { UnsafeMutableRawBufferPointer(rebasing: $0[(row * width)...]).copyMemory(from: raw) }
        default:
            throw WarehouseError(.unsupported, "cannot read \(leaf.physical) values as \(type)")
        }
    }

    private mutating func scaleTimestamps(_ range: Range<Int>, by factor: Int64) {
        for k in range { int64s[k] = int64s[k] &* factor }
    }

    /// Writes `dictionary[indices[k]]` into rows `row + k`.
    mutating func gather(from dictionary: ColumnOutput, indices: [UInt32], at row: Int) throws {
        let size = dictionary.rows
        guard row + indices.count <= rows else { throw HybridDecodingError("more values than rows") }
        for index in indices where Int(index) >= size {
            throw HybridDecodingError("dictionary index \(index) out of range (dictionary has \(size) entries)")
        }
        switch type {
        case .int64, .timestampNanos: for (k, i) in indices.enumerated() { int64s[row + k] = dictionary.int64s[Int(i)] }
        case .double:
            doubles.withUnsafeMutableBufferPointer { out in
                dictionary.doubles.withUnsafeBufferPointer { dict in
                    for (k, i) in indices.enumerated() { out[row + k] = dict[Int(i)] }
                }
            }
        case .bool: for (k, i) in indices.enumerated() { bools[row + k] = dictionary.bools[Int(i)] }
        case .decimal: for (k, i) in indices.enumerated() { decimals[row + k] = dictionary.decimals[Int(i)] }
        case .uuid, .fixedBytes:
            for (k, i) in indices.enumerated() {
                for b in 0..<width { bytes[(row + k) * width + b] = dictionary.bytes[Int(i) * width + b] }
            }
        case .string:
            // Through the dictionary page's own indices: a page repeating an entry maps both to one string.
            let base = dictionaryBase
            stringIndices.withUnsafeMutableBufferPointer { out in
                dictionary.stringIndices.withUnsafeBufferPointer { entries in
                    for (k, i) in indices.enumerated() { out[row + k] = base + entries[Int(i)] }
                }
            }
        }
    }

    /// Sets booleans from RLE-decoded bits.
    mutating func setBools(_ bits: [UInt32], at row: Int) {
        for (k, bit) in bits.enumerated() where row + k < rows { bools[row + k] = bit != 0 }
    }

    /// Moves the `nonNull` values decoded at `row` to the rows whose level is 1, marking the others null.
    mutating func spread(levels: UnsafeBufferPointer<UInt32>, count: Int, nonNull: Int, at row: Int) {
        if validity == nil { validity = ContiguousArray(repeating: true, count: rows) }
        var source = row + nonNull - 1
        var target = row + count - 1
        while target >= row {
            let valid = levels[target - row] & 1 == 1
            validity![target] = valid
            if valid {
                move(from: source, to: target)
                source -= 1
            } else {
                clear(target)
            }
            target -= 1
        }
    }

    private mutating func move(from source: Int, to target: Int) {
        guard source != target else { return }
        switch type {
        case .int64, .timestampNanos: int64s[target] = int64s[source]
        case .double: doubles[target] = doubles[source]
        case .bool: bools[target] = bools[source]
        case .decimal: decimals[target] = decimals[source]
        case .string: stringIndices[target] = stringIndices[source]
        case .uuid, .fixedBytes: for b in 0..<width { bytes[target * width + b] = bytes[source * width + b] }
        }
    }

    private mutating func clear(_ row: Int) {
        switch type {
        case .int64, .timestampNanos: int64s[row] = 0
        case .double: doubles[row] = 0
        case .bool: bools[row] = false
        case .decimal: decimals[row] = 0
        case .string: stringIndices[row] = 0
        case .uuid, .fixedBytes: for b in 0..<width { bytes[row * width + b] = 0 }
        }
    }
}
