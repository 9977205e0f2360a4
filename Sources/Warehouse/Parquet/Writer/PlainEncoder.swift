/// PLAIN encoding of the non-null values of some rows: little-endian numbers, LSB-first bits for booleans,
/// length-prefixed strings, big-endian two's complement for decimals, raw bytes for fixed-length values.
enum PlainEncoder {
    static func append(
        _ column: Column, stringPlan: StringChunkPlan?, rows: Range<Int>, validity: ContiguousArray<Bool>?,
        into sink: inout ByteSink
    ) throws {
        switch column.values {
        case .int64(let values): appendTrivial(values, rows, validity, into: &sink)
        case .double(let values): appendTrivial(values, rows, validity, into: &sink)
        case .bool(let values):
            var accumulator: UInt8 = 0
            var bits: UInt8 = 0
            for row in rows where validity?[row] ?? true {
                if values[row] { accumulator |= 1 << bits }
                bits += 1
                if bits == 8 {
                    sink.append(accumulator)
                    accumulator = 0
                    bits = 0
                }
            }
            if bits > 0 { sink.append(accumulator) }
        case .string:
            guard let plan = stringPlan else { return }
            plan.remapped.withUnsafeBufferPointer { remapped in
                for row in rows where validity?[row] ?? true {
                    plan.appendPlain(Int(remapped[row - plan.range.lowerBound]), into: &sink)
                }
            }
        case .decimal(let values):
            let width = column.spec.type.valueWidth
            for row in rows where validity?[row] ?? true {
                appendBigEndian(values[row], width: width, into: &sink)
            }
        case .fixedBytes(let bytes):
            let width = column.spec.type.valueWidth
            guard bytes.count >= rows.upperBound * width else {
                throw WarehouseError(.schemaMismatch, "column \(column.name) holds \(bytes.count) bytes, too few for \(rows.upperBound) rows of \(width)")
            }
            bytes.withUnsafeBytes { raw in
                if validity == nil {
                    sink.append(UnsafeRawBufferPointer(rebasing: raw[(rows.lowerBound * width)..<(rows.upperBound * width)]))
                } else {
                    for row in rows where validity![row] {
                        sink.append(UnsafeRawBufferPointer(rebasing: raw[(row * width)..<((row + 1) * width)]))
                    }
                }
            }
        }
    }

    /// The low `width` bytes of the two's complement of `value`, most significant first.
    @inline(__always) static func appendBigEndian(_ value: Int128, width: Int, into sink: inout ByteSink) {
        var shift = (width - 1) * 8
        while shift >= 0 {
            sink.append(UInt8(truncatingIfNeeded: value >> shift))
            shift -= 8
        }
    }

    private static func appendTrivial<T>(
        _ values: ContiguousArray<T>, _ rows: Range<Int>, _ validity: ContiguousArray<Bool>?, into sink: inout ByteSink
    ) {
        values.withUnsafeBufferPointer { buffer in
            if let validity {
                withUnsafeTemporaryAllocation(of: T.self, capacity: rows.count) { temp in
                    var n = 0
                    for row in rows where validity[row] {
                        temp[n] = buffer[row]
                        n += 1
                    }
                    sink.appendRaw(UnsafeBufferPointer(rebasing: temp[0..<n]))
                }
            } else {
                sink.appendRaw(UnsafeBufferPointer(rebasing: buffer[rows]))
            }
        }
    }
}
