import Foundation

/// Per-key state of an operator (one entry per instrument), with a deterministic snapshot for checkpoints.
public struct KeyedState<State: Codable & Sendable>: Sendable {
    private struct Entry: Codable {
        var key: [UInt8]
        var state: State
    }

    /// The state of every key seen.
    public private(set) var values: [[UInt8]: State] = [:]

    /// Creates an empty store.
    public init() {}

    /// Restores a store from ``snapshot()``.
    ///
    /// - Parameter bytes: a snapshot; empty bytes give an empty store.
    /// - Throws: ``StreamError`` `.checkpoint` if the bytes are not a snapshot of this state type.
    public init(restoring bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        do {
            let entries = try JSONDecoder().decode([Entry].self, from: Data(bytes))
            for entry in entries { values[entry.key] = entry.state }
        } catch {
            throw StreamError(.checkpoint, "invalid keyed state of \(State.self)", underlying: error)
        }
    }

    /// The state of a key.
    public subscript(key: [UInt8]) -> State? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// The state of a key, or a default that is stored on first mutation.
    public subscript(key: [UInt8], default defaultValue: @autoclosure () -> State) -> State {
        get { values[key] ?? defaultValue() }
        set { values[key] = newValue }
    }

    /// The number of keys.
    public var count: Int { values.count }

    /// The state serialized, entries sorted by key so equal states give equal bytes.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if a state cannot be encoded.
    public func snapshot() throws -> [UInt8] {
        let entries = values.map { Entry(key: $0.key, state: $0.value) }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return [UInt8](try encoder.encode(entries))
        } catch {
            throw StreamError(.checkpoint, "cannot encode keyed state of \(State.self)", underlying: error)
        }
    }
}
