import Model

/// The latest closes of each instrument's traded, unrevised bars (gap-filled and revised bars are skipped),
/// optionally of one instrument only: the input of the bar strategies.
struct CloseWindows: Sendable {
    /// Closes kept per instrument.
    let length: Int
    /// When set, the only instrument whose bars count.
    var instrumentId: String?
    private var closes: [String: [Double]] = [:]

    init(length: Int) { self.length = length }

    /// Adds the close of a bar event; its bar and its instrument's full window, or `nil` when the event does not
    /// count or the window is not full yet.
    mutating func add(_ event: StrategyEvent) -> (bar: Bar, closes: [Double])? {
        guard case .bar(let bar) = event, bar.tradeCount > 0, bar.revision == 0, instrumentId == nil || instrumentId == bar.instrumentId else {
            return nil
        }
        var window = closes[bar.instrumentId, default: []]
        window.append(bar.close)
        if window.count > length { window.removeFirst(window.count - length) }
        closes[bar.instrumentId] = window
        return window.count == length ? (bar, window) : nil
    }
}
