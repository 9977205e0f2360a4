import Foundation

/// One step of the tick processor.
public enum Stage: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Checks ticks and flags or refuses bad ones.
    case validate
    /// Converts to the base currency and joins reference data: `market-data.enriched`.
    case enrich
    /// Builds bars and top of book: `bars.<interval>`, `market-data.top-of-book`.
    case aggregate

    public static func < (lhs: Stage, rhs: Stage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The stages a ``TickProcessor`` runs, always in the order validate → enrich → aggregate.
///
/// Valid selections are the contiguous runs that produce a published topic: `validate,enrich`,
/// `validate,enrich,aggregate`, `enrich`, `enrich,aggregate` and `aggregate` (which then reads
/// `market-data.enriched`). `validate` alone would have nowhere to publish, and `validate,aggregate` would
/// skip the base-currency conversion bars need, so both are refused.
public struct StageSet: Sendable, Hashable, CustomStringConvertible {
    /// The selected stages, in processing order.
    public let stages: [Stage]

    /// All three stages.
    public static let all = StageSet(validated: Stage.allCases)

    private init(validated stages: [Stage]) {
        self.stages = stages
    }

    /// A selection of stages, in any order.
    ///
    /// - Throws: ``StreamError`` `.configuration` for an empty or nonsensical selection.
    public init(_ stages: some Sequence<Stage>) throws {
        let sorted = Set(stages).sorted()
        guard !sorted.isEmpty else {
            throw StreamError(.configuration, "no stage selected; choose from validate, enrich, aggregate")
        }
        let names = sorted.map(\.rawValue).joined(separator: ",")
        if sorted == [.validate] {
            throw StreamError(
                .configuration, "stages \"validate\" alone produce no topic: add enrich (validate,enrich) to publish market-data.enriched")
        }
        if sorted == [.validate, .aggregate] {
            throw StreamError(
                .configuration, "stages \"\(names)\" skip enrich, which bars need for base-currency notionals: use validate,enrich,aggregate")
        }
        self.stages = sorted
    }

    /// Parses a comma-separated list such as `validate,enrich,aggregate`.
    ///
    /// - Throws: ``StreamError`` `.configuration` naming an unknown stage or a nonsensical selection.
    public init(parsing text: String) throws {
        var stages: [Stage] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let stage = Stage(rawValue: name) else {
                throw StreamError(.configuration, "unknown stage \"\(name)\" in \"\(text)\"; known: validate, enrich, aggregate")
            }
            stages.append(stage)
        }
        try self.init(stages)
    }

    /// Whether `stage` is selected.
    public func contains(_ stage: Stage) -> Bool { stages.contains(stage) }

    /// The topics the processor reads: the raw market-data topics and `market-data.fx` when it enriches,
    /// `market-data.enriched` when it only aggregates.
    public var inputTopics: [String] {
        contains(.enrich) ? TickInput.marketTopics + [TickInput.fxTopic] : [TickInput.enrichedTopic]
    }

    /// `validate,enrich,aggregate`.
    public var description: String { stages.map(\.rawValue).joined(separator: ",") }
}
