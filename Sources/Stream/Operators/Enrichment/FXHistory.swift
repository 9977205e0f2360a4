/// The observations of one currency pair, ordered by event time; applying one twice changes nothing.
struct FXHistory: Sendable {
    private(set) var times: [Int64] = []
    private(set) var rates: [Double] = []

    /// The time of the latest observation, `Int64.min` when there is none.
    var latestTime: Int64 { times.last ?? .min }
    var isEmpty: Bool { times.isEmpty }

    /// Adds an observation; one at the same time replaces the earlier one (a redelivered record is the same).
    mutating func insert(time: Int64, rate: Double) {
        if times.isEmpty || time > times[times.count - 1] {
            times.append(time)
            rates.append(rate)
            return
        }
        let index = firstIndex(notBefore: time)
        if index < times.count, times[index] == time {
            rates[index] = rate
        } else {
            times.insert(time, at: index)
            rates.insert(rate, at: index)
        }
    }

    /// The rate in force at `time`: the latest observation at or before it.
    func rate(atOrBefore time: Int64) -> Double? {
        guard let last = times.last else { return nil }
        if time >= last { return rates[rates.count - 1] }
        let index = firstIndex(notBefore: time)
        if index < times.count, times[index] == time { return rates[index] }
        return index == 0 ? nil : rates[index - 1]
    }

    /// The earliest observation after `time`.
    func rate(after time: Int64) -> Double? {
        var index = firstIndex(notBefore: time)
        if index < times.count, times[index] == time { index += 1 }
        return index < rates.count ? rates[index] : nil
    }

    /// Drops observations more than `retention` before the latest, keeping the last one before that cutoff (it
    /// is still in force at the cutoff). Only done in chunks, so appends stay O(1) amortised.
    mutating func prune(retention: Int64) {
        guard times.count > 64, let last = times.last else { return }
        let keepFrom = firstIndex(notBefore: last &- retention) - 1
        guard keepFrom >= 64 else { return }
        times.removeFirst(keepFrom)
        rates.removeFirst(keepFrom)
    }

    private func firstIndex(notBefore time: Int64) -> Int {
        var low = 0, high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    func write(to writer: inout ByteWriter) {
        writer.write(UInt32(times.count))
        for (time, rate) in zip(times, rates) {
            writer.write(time)
            writer.write(rate)
        }
    }

    init() {}

    init(from reader: inout ByteReader) throws {
        let count = Int(try reader.read(UInt32.self))
        for _ in 0..<count {
            times.append(try reader.readInt64())
            rates.append(try reader.readDouble())
        }
    }
}
