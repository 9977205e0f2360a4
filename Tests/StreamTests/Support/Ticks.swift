import Stream

/// Deterministic test input: tick `i` is for instrument `INST<i % instruments>` at price `1 + i / 2`.
enum Ticks {
    static func key(_ index: Int, instruments: Int = 12) -> [UInt8] {
        Array("INST\(index % instruments)".utf8)
    }

    static func price(_ index: Int) -> Double {
        1 + Double(index) / 2
    }

    static func records(_ range: Range<Int>, topic: String, instruments: Int = 12) -> [OutgoingRecord] {
        range.map { index in
            OutgoingRecord(
                topic: topic, key: key(index, instruments: instruments), value: try! PriceCodec().encode(price(index)),
                timestampMillis: 1_700_000_000_000 + Int64(index))
        }
    }
}
