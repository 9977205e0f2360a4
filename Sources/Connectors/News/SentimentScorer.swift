import Foundation

/// A lexicon-based sentiment score in [-1, 1] with negation handling; the lexicon is a documented text file
/// (`config/sentiment-lexicon.txt`, format in its header).
public struct SentimentScorer: Sendable {
    /// The default lexicon file.
    public static let defaultPath = "config/sentiment-lexicon.txt"
    /// How many tokens after a negator have their score flipped.
    public static let negationWindow = 3
    /// The normalisation constant: score = s / sqrt(s² + alpha).
    public static let alpha = 15.0

    /// Word scores.
    public let scores: [String: Double]
    /// Words that flip the next ``negationWindow`` tokens.
    public let negators: Set<String>

    /// Creates a scorer from a lexicon.
    public init(scores: [String: Double], negators: Set<String>) {
        self.scores = scores
        self.negators = negators
    }

    /// Loads a lexicon file.
    ///
    /// - Throws: ``ConnectorError`` `.configuration` naming the line of a malformed entry.
    public static func load(path: String) throws -> SentimentScorer {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConnectorError(.configuration, "cannot read the sentiment lexicon \(path)", underlying: error)
        }
        var scores: [String: Double] = [:], negators: Set<String> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if parts.isEmpty { continue }
            if parts[0] == "!negate", parts.count == 2 { negators.insert(String(parts[1])); continue }
            guard parts.count == 2, let score = Double(parts[1]) else {
                throw ConnectorError(.configuration, "\(path):\(index + 1): expected `word score`, got \"\(raw)\"")
            }
            scores[String(parts[0])] = score
        }
        return SentimentScorer(scores: scores, negators: negators)
    }

    /// The sentiment of a text in [-1, 1]; 0 when no lexicon word occurs.
    public func score(_ text: String) -> Double {
        var sum = 0.0, negatedFor = 0
        for token in Self.tokens(text) {
            if negators.contains(token) { negatedFor = Self.negationWindow; continue }
            if let value = scores[token] { sum += negatedFor > 0 ? -value : value }
            if negatedFor > 0, !Self.articles.contains(token) { negatedFor -= 1 }
        }
        return sum / (sum * sum + Self.alpha).squareRoot()
    }

    /// Words that do not use up the negation window ("not a strong quarter").
    static let articles: Set<String> = ["a", "an", "the"]

    /// Lowercased words: letters, digits, apostrophes and hyphens.
    static func tokens(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "-") }).map(String.init)
    }
}
