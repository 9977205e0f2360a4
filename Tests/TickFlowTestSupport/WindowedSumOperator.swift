import Foundation
import Stream

/// The input of ``WindowedSumOperator``: ticks (`instrument,eventMillis,amount` as text) from partitioned topics,
/// and scale factors (`fromMillis,multiplier`) from broadcast topics whose name starts with `scales`.
public enum SumInput: TopicDecodable, Hashable {
    case tick(instrument: String, eventMillis: Int64, amount: Int64)
    case scale(fromMillis: Int64, multiplier: Int64)

    struct Malformed: Error, CustomStringConvertible {
        let text: String
        var description: String { "malformed record '\(text)'" }
    }

    public init(topic: String, bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        if Self.isBroadcast(topic: topic) {
            guard fields.count == 2, let from = Int64(fields[0]), let multiplier = Int64(fields[1]) else { throw Malformed(text: text) }
            self = .scale(fromMillis: from, multiplier: multiplier)
        } else {
            guard fields.count == 3, !fields[0].isEmpty, let time = Int64(fields[1]), let amount = Int64(fields[2]) else {
                throw Malformed(text: text)
            }
            self = .tick(instrument: String(fields[0]), eventMillis: time, amount: amount)
        }
    }

    public var eventTimeNanos: Int64 {
        switch self {
        case .tick(_, let time, _): time * 1_000_000
        case .scale(let from, _): from * 1_000_000
        }
    }

    public static func isBroadcast(topic: String) -> Bool { topic.hasPrefix("scales") }
}

/// An output of ``WindowedSumOperator``: text for a topic.
public struct SumOutput: TopicRoutedValue, Hashable {
    public var topic: String
    public var text: String

    public func encoded() throws -> [UInt8] { Array(text.utf8) }
}

/// A small deterministic stateful operator for runner tests: per instrument, tumbling event-time windows of
/// `windowMillis` summing `amount × scale` (the scale in force at the tick's time, from the broadcast input,
/// default 1). Each tick is echoed at once to `echoTopic` (`instrument,time,scaled`); a window's sum goes to
/// `sumTopic` (`instrument,windowStart,sum`) when the partition's watermark (its largest event time) passes the
/// window's end. Negative amounts are rejected (`NEGATIVE_AMOUNT`), ticks for closed windows too (`LATE_TICK`).
public struct WindowedSumOperator: Operator {
    public typealias Input = SumInput
    public typealias Output = SumOutput

    struct State: Codable, Sendable {
        var scales: [Int64: Int64] = [:]
        var windows: [String: [Int64: Int64]] = [:]
        var watermark = Int64.min
    }

    public let echoTopic: String
    public let sumTopic: String
    public let windowMillis: Int64
    var state = State()

    public init(echoTopic: String, sumTopic: String, windowMillis: Int64 = 1_000) {
        self.echoTopic = echoTopic
        self.sumTopic = sumTopic
        self.windowMillis = windowMillis
    }

    public mutating func process(_ batch: [StreamRecord<SumInput>], into output: inout OperatorOutput<SumOutput>) throws {
        for record in batch {
            switch record.value {
            case .scale(let from, let multiplier):
                state.scales[from] = multiplier
            case .tick(let instrument, let time, let amount):
                let start = time - ((time % windowMillis) + windowMillis) % windowMillis
                if amount < 0 {
                    output.reject(record, reasonCode: "NEGATIVE_AMOUNT", reason: "amount \(amount) < 0")
                    continue
                }
                if state.watermark != .min, start + windowMillis <= state.watermark {
                    output.reject(record, reasonCode: "LATE_TICK", reason: "window \(start) already closed")
                    continue
                }
                let scale = state.scales.filter { $0.key <= time }.max { $0.key < $1.key }?.value ?? 1
                let scaled = amount * scale
                state.windows[instrument, default: [:]][start, default: 0] += scaled
                output.emit(StreamRecord(
                    key: record.key, value: SumOutput(topic: echoTopic, text: "\(instrument),\(time),\(scaled)"),
                    eventTimeNanos: record.eventTimeNanos, position: record.position))
                if time > state.watermark {
                    state.watermark = time
                    close(upTo: time, key: record.key, position: record.position, into: &output)
                }
            }
        }
    }

    private mutating func close(
        upTo watermark: Int64, key: [UInt8]?, position: SourcePosition?, into output: inout OperatorOutput<SumOutput>
    ) {
        for instrument in state.windows.keys.sorted() {
            let closing = state.windows[instrument, default: [:]].keys.filter { $0 + windowMillis <= watermark }.sorted()
            for start in closing {
                let sum = state.windows[instrument]?.removeValue(forKey: start) ?? 0
                output.emit(StreamRecord(
                    key: Array(instrument.utf8), value: SumOutput(topic: sumTopic, text: "\(instrument),\(start),\(sum)"),
                    eventTimeNanos: (start + windowMillis) * 1_000_000, position: position))
            }
            if state.windows[instrument]?.isEmpty == true { state.windows[instrument] = nil }
        }
    }

    public func snapshotState() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return [UInt8](try encoder.encode(state))
    }

    public mutating func restoreState(from bytes: [UInt8]) throws {
        state = try JSONDecoder().decode(State.self, from: Data(bytes))
    }
}
