extension TickProcessor {
    private static let snapshotVersion: UInt8 = 1

    /// The state in a compact binary form: instruments in interning order, partition clocks, then each stage's
    /// state. Equal states give equal bytes.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if a held tick cannot be serialized.
    public func snapshotState() throws -> [UInt8] {
        var writer = ByteWriter()
        writer.write(Self.snapshotVersion)
        table.write(to: &writer)
        for info in infos {
            writer.writeString(info?.instrumentId ?? "")
            writer.writeString(info?.symbol ?? "")
            writer.writeString(info?.currency ?? "")
        }
        clocks.write(to: &writer)
        validator.write(to: &writer)
        do { try enricher.write(to: &writer) } catch {
            throw StreamError(.checkpoint, "cannot serialize the ticks held for FX", underlying: error)
        }
        bars.write(to: &writer)
        books.write(to: &writer)
        return writer.bytes
    }

    /// Replaces the state with a snapshot of a processor of the same configuration; empty bytes give a fresh state.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if the bytes are not such a snapshot.
    public mutating func restoreState(from bytes: [UInt8]) throws {
        guard !bytes.isEmpty else {
            try restoreState(from: try TickProcessor(configuration: configuration, instruments: .init(instruments: [])).snapshotState())
            return
        }
        var reader = ByteReader(bytes)
        let version = try reader.read(UInt8.self)
        guard version == Self.snapshotVersion else {
            throw StreamError(.checkpoint, "tick processor snapshot version \(version), expected \(Self.snapshotVersion)")
        }
        var restored = self
        try restored.table.read(from: &reader)
        restored.infos = []
        for key in restored.table.keys {
            let id = try reader.readString(), symbol = try reader.readString(), currency = try reader.readString()
            restored.infos.append(id.isEmpty ? nil : InstrumentInfo(instrumentId: id, symbol: symbol, currency: currency, key: key))
        }
        try restored.clocks.read(from: &reader)
        try restored.validator.read(from: &reader)
        try restored.enricher.read(from: &reader)
        try restored.bars.read(from: &reader)
        try restored.books.read(from: &reader)
        try reader.expectEnd()
        self = restored
    }
}
