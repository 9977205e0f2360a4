import Foundation

/// `key=value` strategy parameters read into typed values, with errors naming the strategy, the parameter and the
/// reason; ``finish()`` refuses any parameter the strategy did not read.
public struct StrategyParameters: Sendable {
    /// The strategy the parameters are for (in messages).
    public let strategy: String
    private var values: [String: String] = [:]
    private var read: [String] = []

    /// Parses `key=value` texts.
    ///
    /// - Throws: ``BacktestError`` `.invalidParameter` for a text without `=`, an empty key or value, or a key
    ///   given twice.
    public init(strategy: String, _ texts: [String]) throws {
        self.strategy = strategy
        for text in texts {
            guard let equals = text.firstIndex(of: "=") else {
                throw BacktestError(.invalidParameter, context: "strategy \(strategy)", "parameter \"\(text)\" is not key=value")
            }
            let key = text[..<equals].trimmingCharacters(in: .whitespaces)
            let value = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, !value.isEmpty else {
                throw BacktestError(.invalidParameter, context: "strategy \(strategy)", "parameter \"\(text)\" has an empty key or value")
            }
            guard values[key] == nil else {
                throw BacktestError(.invalidParameter, context: "strategy \(strategy)", "parameter \(key) is given twice")
            }
            values[key] = value
        }
    }

    private func fail(_ key: String, _ message: String) -> BacktestError {
        BacktestError(.invalidParameter, context: "strategy \(strategy)", "parameter \(key): \(message)")
    }

    private mutating func raw(_ key: String) -> String? {
        read.append(key)
        return values[key]
    }

    /// An integer in `range`.
    public mutating func int(_ key: String, default fallback: Int, in range: ClosedRange<Int> = 1...1_000_000) throws -> Int {
        guard let text = raw(key) else { return fallback }
        guard let value = Int(text) else { throw fail(key, "\"\(text)\" is not an integer") }
        guard range.contains(value) else { throw fail(key, "\(value) is not in \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    /// A finite number, at least `minimum`.
    public mutating func double(_ key: String, default fallback: Double, minimum: Double = 0) throws -> Double {
        guard let text = raw(key) else { return fallback }
        guard let value = Double(text), value.isFinite else { throw fail(key, "\"\(text)\" is not a number") }
        guard value >= minimum else { throw fail(key, "\(value) is below \(minimum)") }
        return value
    }

    /// A positive exact quantity; without a default the parameter is required.
    public mutating func quantity(_ key: String, default fallback: Decimal? = nil) throws -> Decimal {
        guard let text = raw(key) else {
            guard let fallback else { throw fail(key, "required (a positive number)") }
            return fallback
        }
        guard text.allSatisfy({ $0.isNumber || $0 == "." }), let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
            value > 0
        else { throw fail(key, "\"\(text)\" is not a positive number") }
        return value
    }

    /// `true`/`false` (also `yes`/`no`, `1`/`0`).
    public mutating func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let text = raw(key) else { return fallback }
        switch text.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw fail(key, "\"\(text)\" is not true or false")
        }
    }

    /// One of `choices`; without a default the parameter is required.
    public mutating func choice(_ key: String, _ choices: [String], default fallback: String? = nil) throws -> String {
        guard let text = raw(key) else {
            guard let fallback else { throw fail(key, "required (one of \(choices.joined(separator: ", ")))") }
            return fallback
        }
        guard choices.contains(text.lowercased()) else { throw fail(key, "\"\(text)\" is not one of \(choices.joined(separator: ", "))") }
        return text.lowercased()
    }

    /// Text as given, or `nil` when absent.
    public mutating func text(_ key: String) -> String? { raw(key) }

    /// Refuses parameters that were never read.
    ///
    /// - Throws: ``BacktestError`` `.invalidParameter` naming the unknown keys and the known ones.
    public func finish() throws {
        let unknown = values.keys.filter { !read.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw BacktestError(
                .invalidParameter, context: "strategy \(strategy)",
                "unknown parameter\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")); known: \(read.joined(separator: ", "))")
        }
    }
}
