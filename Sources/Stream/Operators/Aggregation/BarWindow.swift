/// The running OHLCV of one instrument over one window, kept until its revisions can no longer change.
struct BarWindow: Sendable, Hashable {
    var start: Int64
    var open: Double = 0
    var high: Double = 0
    var low: Double = 0
    var close: Double = 0
    /// Event times of the trades that set ``open`` and ``close``: out-of-order trades keep them by event time.
    var openTime: Int64 = .max
    var closeTime: Int64 = .min
    var volume: Double = 0
    /// Sum of price × quantity in the instrument's currency.
    var turnover: Double = 0
    var notionalBase: Double = 0
    var count: UInt64 = 0
    var ingestTime: Int64 = 0
    var revision: UInt32 = 0
    var emitted = false
    /// A gap-filled window: no trades, the previous close carried forward.
    var filled = false

    init(start: Int64) {
        self.start = start
    }

    /// A gap-filled window carrying `close` forward.
    init(start: Int64, carrying close: Double, ingestTime: Int64) {
        self.start = start
        (open, high, low, self.close) = (close, close, close, close)
        self.ingestTime = ingestTime
        filled = true
    }

    /// Carries a new close into a gap-filled window (the close before the gap changed).
    mutating func carry(_ close: Double) {
        (open, high, low, self.close) = (close, close, close, close)
    }

    /// Adds a trade. Ties in event time keep the first arrival as open and the last as close.
    mutating func add(price: Double, quantity: Double, notionalBase: Double, time: Int64, ingestTime: Int64) {
        if count == 0 {
            (open, high, low, close) = (price, price, price, price)
            (openTime, closeTime) = (time, time)
            filled = false
        } else {
            if price > high { high = price }
            if price < low { low = price }
            if time < openTime { (open, openTime) = (price, time) }
            if time >= closeTime { (close, closeTime) = (price, time) }
        }
        volume += quantity
        turnover += price * quantity
        self.notionalBase += notionalBase
        count += 1
        if ingestTime > self.ingestTime { self.ingestTime = ingestTime }
    }

    /// Volume-weighted average price; the close when there is no volume.
    var vwap: Double { volume > 0 ? turnover / volume : close }

    func write(to writer: inout ByteWriter) {
        writer.write(start)
        for value in [open, high, low, close] { writer.write(value) }
        writer.write(openTime)
        writer.write(closeTime)
        for value in [volume, turnover, notionalBase] { writer.write(value) }
        writer.write(count)
        writer.write(ingestTime)
        writer.write(revision)
        writer.write(UInt8((emitted ? 1 : 0) | (filled ? 2 : 0)))
    }

    init(from reader: inout ByteReader) throws {
        start = try reader.readInt64()
        open = try reader.readDouble()
        high = try reader.readDouble()
        low = try reader.readDouble()
        close = try reader.readDouble()
        openTime = try reader.readInt64()
        closeTime = try reader.readInt64()
        volume = try reader.readDouble()
        turnover = try reader.readDouble()
        notionalBase = try reader.readDouble()
        count = try reader.read(UInt64.self)
        ingestTime = try reader.readInt64()
        revision = try reader.read(UInt32.self)
        let bits = try reader.read(UInt8.self)
        emitted = bits & 1 != 0
        filled = bits & 2 != 0
    }
}
