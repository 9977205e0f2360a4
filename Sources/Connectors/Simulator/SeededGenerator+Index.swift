import Model

extension SeededGenerator {
    /// An index in `0..<count`, as `next() % count` (a seed's simulated market depends on exactly these draws).
    public mutating func index(_ count: Int) -> Int { Int(next() % UInt64(count)) }
}
