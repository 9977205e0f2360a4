/// JSON text written directly, for the hot read paths whose answers are flat records of strings and numbers.
///
/// Foundation's `JSONEncoder`, through Codable's keyed containers, took a sixth of a quote request's time; these
/// answers keep their `Encodable` form (the reference a test compares this one with) and add a ``JSONWritable``
/// one that ``JSONResponse`` prefers. Commas are placed automatically; non-finite numbers are written as `null`.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Per open container, whether a value was already written in it (the next needs a comma).
    private var filled: [Bool] = []

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    mutating func object(_ body: (inout JSONWriter) -> Void) { container(UInt8(ascii: "{"), UInt8(ascii: "}"), body) }

    mutating func array(_ body: (inout JSONWriter) -> Void) { container(UInt8(ascii: "["), UInt8(ascii: "]"), body) }

    /// A member's name; its value follows.
    mutating func key(_ name: String) {
        separate()
        string(name)
        bytes.append(UInt8(ascii: ":"))
        // The value completes this member: it must not add a second comma.
        filled[filled.count - 1] = false
    }

    mutating func field(_ name: String, _ text: String) {
        key(name)
        value(text)
    }

    mutating func field(_ name: String, _ number: Double) {
        key(name)
        value(number)
    }

    mutating func field<Value: JSONWritable>(_ name: String, _ value: Value?) {
        guard let value else { return }
        key(name)
        value.write(to: &self)
    }

    mutating func value(_ text: String) {
        separate()
        string(text)
    }

    mutating func value(_ number: Double) {
        separate()
        if number.isFinite {
            bytes.append(contentsOf: number.description.utf8)
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    private mutating func container(_ open: UInt8, _ close: UInt8, _ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(open)
        filled.append(false)
        body(&self)
        filled.removeLast()
        bytes.append(close)
    }

    private mutating func separate() {
        guard let last = filled.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) } else { filled[filled.count - 1] = true }
    }

    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// An answer that writes its own JSON (the same document as its `Encodable` form).
protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}
