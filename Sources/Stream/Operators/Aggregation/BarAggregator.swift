import Model

/// The aggregate stage's bars: event-time tumbling windows per instrument and interval.
///
/// Each source partition has a watermark, its maximum event time minus the allowed lateness L. A window is
/// emitted (revision 0) once the watermark passes its end. A trade for an emitted window whose time is at least
/// watermark − L updates it and re-emits it at once with revision + 1; an older trade is refused `LATE_EVENT`
/// to `dlq.late` (checked by the caller with ``isTooLate(_:watermark:)``). Emitted windows are kept until the
/// watermark passes end + L. With gap filling, the empty windows between two trades of an instrument (at most
/// ``TickProcessorConfiguration/maxGapFillWindows`` of them) get flat zero-volume bars at the previous close,
/// flagged `interpolated`; a later trade into such a window turns it into a real bar (revision + 1), and a late
/// trade that changes the close before a gap changes the gap's bars too (revision + 1 for those emitted).
///
/// Session VWAP (header `tickflow-session-vwap`): the VWAP of the instrument's trades of the bar's session
/// (UTC day by default) in windows of the same interval up to and including the bar, as aggregated when the
/// revision is emitted.
struct BarAggregator: Sendable {
    struct Slot: Sendable {
        /// Retained windows, ordered by start; the last is the newest.
        var windows = BarWindows()
        /// Turnover and volume of the session `session` in windows already dropped.
        var session: Int64 = .min
        var sessionTurnover: Double = 0
        var sessionVolume: Double = 0
    }

    /// A window not yet emitted, in the order windows were opened in its partition.
    struct Pending: Sendable {
        var end: Int64
        var slot: Int
        var start: Int64
    }

    let intervals: [BarInterval]
    private let lengths: [Int64]
    let lateness: Int64
    let fillGaps: Bool
    let maxGapFill: Int
    let sessionLength: Int64
    let sessionOffset: Int64
    let baseCurrency: String
    private(set) var slots: [Slot] = []
    private var pending: [[Pending]] = []
    private var nextEnd: [Int64] = []

    init(configuration: TickProcessorConfiguration) {
        intervals = configuration.intervals
        lengths = intervals.map(\.nanos)
        lateness = configuration.latenessNanos
        fillGaps = configuration.fillGaps
        maxGapFill = configuration.maxGapFillWindows
        sessionLength = configuration.sessionLengthNanos
        sessionOffset = configuration.sessionOffsetNanos
        baseCurrency = configuration.baseCurrency
    }

    /// Whether an event at `time` is past the allowed lateness behind `watermark`.
    func isTooLate(_ time: Int64, watermark: Int64) -> Bool {
        watermark != .min && time < watermark &- lateness
    }

    /// Adds a trade of `instrument` (described by `infos[instrument]`, which must be set) read from `partition`,
    /// whose watermark is `watermark`. The infos are looked up only when a bar is emitted: binding one copies it.
    mutating func add(
        _ trade: Trade, notionalBase: Double, instrument: Int, infos: [InstrumentInfo?], partition: Int, watermark: Int64,
        position: SourcePosition?, into output: inout OperatorOutput<TickOutput>
    ) {
        let count = lengths.count
        while slots.count < (instrument + 1) * count { slots.append(Slot()) }
        let time = trade.eventTimeNanos
        for k in 0..<count {
            let length = lengths[k], slot = instrument * count + k
            // Most trades fall in the newest window: updated in place, it saves the search and two divisions.
            if let newest = slots[slot].windows.newestStart, time >= newest, case let (gap, false) = time.subtractingReportingOverflow(newest),
                gap < length
            {
                let revised = slots[slot].windows.updateNewest { window in
                    window.add(price: trade.price, quantity: trade.quantity, notionalBase: notionalBase, time: time, ingestTime: trade.ingestTimeNanos)
                    if window.emitted { window.revision += 1 }
                    return window.emitted
                }
                if revised { emit(slot: slot, index: slots[slot].windows.count - 1, info: infos[instrument]!, position: position, into: &output) }
                continue
            }
            let start = time - ((time % length) + length) % length
            var index = slots[slot].windows.count - 1
            while index >= 0 && slots[slot].windows[index].start > start { index -= 1 }
            if index >= 0 && slots[slot].windows[index].start == start {
                slots[slot].windows[index].add(
                    price: trade.price, quantity: trade.quantity, notionalBase: notionalBase, time: time, ingestTime: trade.ingestTimeNanos)
                if slots[slot].windows[index].emitted {
                    slots[slot].windows[index].revision += 1
                    emit(slot: slot, index: index, info: infos[instrument]!, position: position, into: &output)
                }
                carryClose(slot: slot, from: index, infos: infos, position: position, into: &output)
                continue
            }
            let isNewest = index == slots[slot].windows.count - 1
            if isNewest, fillGaps, index >= 0 {
                let previous = slots[slot].windows[index]
                let missing = (start - previous.start) / length - 1
                if missing > 0 && missing <= Int64(maxGapFill) {
                    for step in 1...missing {
                        slots[slot].windows.append(
                            BarWindow(start: previous.start + Int64(step) * length, carrying: previous.close, ingestTime: trade.ingestTimeNanos))
                        open(slot: slot, index: slots[slot].windows.count - 1, partition: partition, watermark: watermark, infos: infos, position: position, into: &output)
                    }
                }
            }
            var window = BarWindow(start: start)
            window.add(price: trade.price, quantity: trade.quantity, notionalBase: notionalBase, time: time, ingestTime: trade.ingestTimeNanos)
            let at = isNewest ? slots[slot].windows.count : index + 1
            slots[slot].windows.insert(window, at: at)
            open(slot: slot, index: at, partition: partition, watermark: watermark, infos: infos, position: position, into: &output)
            if isNewest { drop(slot: slot, watermark: watermark) } else { carryClose(slot: slot, from: at, infos: infos, position: position, into: &output) }
        }
    }

    /// A trade that arrived late may have changed the close of window `index`: the gap-filled windows right after it
    /// carry the new close, and those already emitted are emitted again with the next revision. A batch computing
    /// the same bars fills each gap with the close of the last traded window before it, whatever the arrival order.
    private mutating func carryClose(
        slot: Int, from index: Int, infos: [InstrumentInfo?], position: SourcePosition?, into output: inout OperatorOutput<TickOutput>
    ) {
        let close = slots[slot].windows[index].close
        var next = index + 1
        while next < slots[slot].windows.count, slots[slot].windows[next].filled, slots[slot].windows[next].close != close {
            slots[slot].windows[next].carry(close)
            if slots[slot].windows[next].emitted {
                slots[slot].windows[next].revision += 1
                emit(slot: slot, index: next, info: infos[slot / lengths.count]!, position: position, into: &output)
            }
            next += 1
        }
    }

    /// A window just opened: emitted at once when the watermark is already past its end, else pending.
    private mutating func open(
        slot: Int, index: Int, partition: Int, watermark: Int64, infos: [InstrumentInfo?], position: SourcePosition?,
        into output: inout OperatorOutput<TickOutput>
    ) {
        let end = slots[slot].windows[index].start + lengths[slot % lengths.count]
        if watermark != .min && end <= watermark {
            emit(slot: slot, index: index, info: infos[slot / lengths.count]!, position: position, into: &output)
            return
        }
        while pending.count <= partition {
            pending.append([])
            nextEnd.append(.max)
        }
        pending[partition].append(Pending(end: end, slot: slot, start: slots[slot].windows[index].start))
        if end < nextEnd[partition] { nextEnd[partition] = end }
    }

    /// Drops the windows of `slot` no revision can reach any more, keeping the newest.
    private mutating func drop(slot: Int, watermark: Int64) {
        let length = lengths[slot % lengths.count]
        var dropped = 0
        while dropped < slots[slot].windows.count - 1 {
            let window = slots[slot].windows[dropped]
            guard window.emitted, watermark != .min, window.start + length <= watermark &- lateness else { break }
            let session = sessionOf(window.start)
            if session != slots[slot].session {
                slots[slot].session = session
                slots[slot].sessionTurnover = 0
                slots[slot].sessionVolume = 0
            }
            slots[slot].sessionTurnover += window.turnover
            slots[slot].sessionVolume += window.volume
            dropped += 1
        }
        if dropped > 0 { slots[slot].windows.removeFirst(dropped) }
    }

    /// Emits the pending windows of `partition` whose end the watermark has passed (all of them when `watermark`
    /// is `.max`), in the order they were opened.
    mutating func advance(
        partition: Int, watermark: Int64, infos: [InstrumentInfo?], position: SourcePosition?,
        into output: inout OperatorOutput<TickOutput>
    ) {
        guard partition < pending.count, watermark >= nextEnd[partition] else { return }
        var kept: [Pending] = []
        var next = Int64.max
        for entry in pending[partition] {
            guard entry.end <= watermark else {
                kept.append(entry)
                next = min(next, entry.end)
                continue
            }
            let instrument = entry.slot / lengths.count
            guard let index = slots[entry.slot].windows.firstIndex(where: { $0.start == entry.start }),
                !slots[entry.slot].windows[index].emitted, let info = infos[instrument]
            else { continue }
            emit(slot: entry.slot, index: index, info: info, position: position, into: &output)
        }
        pending[partition] = kept
        nextEnd[partition] = next
    }

    /// The partitions with pending windows.
    var pendingPartitions: [Int] { pending.indices.filter { !pending[$0].isEmpty } }

    private func sessionOf(_ time: Int64) -> Int64 {
        let shifted = time &- sessionOffset
        return shifted >= 0 ? shifted / sessionLength : (shifted + 1) / sessionLength - 1
    }

    private mutating func emit(
        slot: Int, index: Int, info: InstrumentInfo, position: SourcePosition?, into output: inout OperatorOutput<TickOutput>
    ) {
        slots[slot].windows[index].emitted = true
        let window = slots[slot].windows[index]
        let interval = intervals[slot % lengths.count]
        let session = sessionOf(window.start)
        var turnover = 0.0, volume = 0.0
        if slots[slot].session == session {
            turnover = slots[slot].sessionTurnover
            volume = slots[slot].sessionVolume
        }
        for other in slots[slot].windows where other.start <= window.start && sessionOf(other.start) == session {
            turnover += other.turnover
            volume += other.volume
        }
        let bar = Bar(
            instrumentId: info.instrumentId, symbol: info.symbol, interval: interval, windowStartNanos: window.start,
            open: window.open, high: window.high, low: window.low, close: window.close, volume: window.volume,
            vwap: window.vwap, tradeCount: window.count, currency: info.currency, notionalBase: window.notionalBase,
            baseCurrency: baseCurrency, revision: window.revision,
            eventTimeNanos: window.count > 0 ? window.closeTime : window.start, ingestTimeNanos: window.ingestTime)
        output.emit(
            StreamRecord(
                key: info.key,
                value: TickOutput(.bar(bar), flags: window.filled ? .interpolated : [], sessionVWAP: volume > 0 ? turnover / volume : nil),
                eventTimeNanos: bar.eventTimeNanos, position: position))
    }
}

extension BarAggregator {
    func write(to writer: inout ByteWriter) {
        writer.write(UInt32(slots.count))
        for slot in slots {
            writer.write(slot.session)
            writer.write(slot.sessionTurnover)
            writer.write(slot.sessionVolume)
            writer.write(UInt32(slot.windows.count))
            for window in slot.windows { window.write(to: &writer) }
        }
        writer.write(UInt32(pending.count))
        for (list, next) in zip(pending, nextEnd) {
            writer.write(next)
            writer.write(UInt32(list.count))
            for entry in list {
                writer.write(entry.end)
                writer.write(UInt32(entry.slot))
                writer.write(entry.start)
            }
        }
    }

    mutating func read(from reader: inout ByteReader) throws {
        slots = []
        for _ in 0..<(try reader.read(UInt32.self)) {
            var slot = Slot()
            slot.session = try reader.readInt64()
            slot.sessionTurnover = try reader.readDouble()
            slot.sessionVolume = try reader.readDouble()
            for _ in 0..<(try reader.read(UInt32.self)) { slot.windows.append(try BarWindow(from: &reader)) }
            slots.append(slot)
        }
        pending = []
        nextEnd = []
        for _ in 0..<(try reader.read(UInt32.self)) {
            nextEnd.append(try reader.readInt64())
            var list: [Pending] = []
            for _ in 0..<(try reader.read(UInt32.self)) {
                list.append(Pending(end: try reader.readInt64(), slot: Int(try reader.read(UInt32.self)), start: try reader.readInt64()))
            }
            pending.append(list)
        }
    }
}
