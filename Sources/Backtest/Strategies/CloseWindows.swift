import Model

/// The latest closes of each instrument's traded, unrevised bars (gap-filled and revised bars are skipped),
/// optionally of one instrument only: the input of the bar strategies.
struct CloseWindows: Sendable {
    /// Closes kept per instrument.
    let length: Int
    /// The `instrument` parameter as given (a symbol or id), resolved by ``prepare(_:strategy:)``.
    private let instrument: String?
    /// When set, the only instrument whose bars count.
    private(set) var instrumentId: String?
    private var closes: [String: [Double]] = [:]

    /// Windows of `length` closes, of the instrument `instrument` only when it is given.
    init(length: Int, instrument: String?) {
        self.length = length
        self.instrument = instrument
    }

    /// Resolves the instrument against the replay's universe.
    ///
    /// - Throws: ``BacktestError`` `.invalidParameter` naming `strategy` when no instrument has that symbol or id.
    mutating func prepare(_ setup: StrategySetup, strategy: String) throws {
        instrumentId = try instrument.map { try ExecutionAlgorithm.resolve($0, strategy: strategy, setup: setup) }
    }

    /// Adds the close of a bar event; its bar and its instrument's full window, or `nil` when the event does not
    /// count or the window is not full yet.
    mutating func add(_ event: StrategyEvent) -> (bar: Bar, closes: [Double])? {
        guard case .bar(let bar) = event, bar.tradeCount > 0, bar.revision == 0, instrumentId == nil || instrumentId == bar.instrumentId else {
            return nil
        }
        // In place: copying the window out of the dictionary and back would copy its storage on every bar.
        closes[bar.instrumentId, default: []].append(bar.close)
        if closes[bar.instrumentId]!.count > length { closes[bar.instrumentId]!.removeFirst() }
        let window = closes[bar.instrumentId]!
        return window.count == length ? (bar, window) : nil
    }
}
