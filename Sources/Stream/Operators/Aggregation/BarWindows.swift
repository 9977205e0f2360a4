/// The retained windows of one instrument and interval, ordered by start, with the newest stored inline.
///
/// Nearly every trade lands in the newest window. Stored in an array of its own, reaching it took a chain of
/// dependent loads (the slots, then this array's buffer, then its count and element) for each of the five
/// intervals of each trade, and those loads were the aggregate stage's main cost. Inline, the newest windows of
/// an instrument's intervals sit next to each other in the aggregator's slots.
struct BarWindows: RandomAccessCollection, MutableCollection, Sendable {
    private var older: [BarWindow] = []
    private var newest: BarWindow?

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { newest == nil ? 0 : older.count + 1 }

    subscript(position: Int) -> BarWindow {
        get { position == older.count ? newest! : older[position] }
        _modify {
            if position == older.count {
                yield &newest!
            } else {
                yield &older[position]
            }
        }
    }

    /// The newest window's start, read in place.
    var newestStart: Int64? { newest?.start }

    /// Changes the newest window in place (there must be one); returns what `body` returns.
    mutating func updateNewest<Result>(_ body: (inout BarWindow) -> Result) -> Result {
        body(&newest!)
    }

    /// Inserts `window` at `index` (0...count).
    mutating func insert(_ window: BarWindow, at index: Int) {
        if let current = newest, index == older.count + 1 {
            older.append(current)
            newest = window
        } else if newest == nil {
            precondition(index == 0, "index \(index) out of an empty window list")
            newest = window
        } else {
            older.insert(window, at: index)
        }
    }

    /// Appends `window` as the newest.
    mutating func append(_ window: BarWindow) {
        insert(window, at: endIndex)
    }

    /// Removes the `k` oldest windows.
    mutating func removeFirst(_ k: Int) {
        precondition(k >= 0 && k <= count, "cannot remove \(k) of \(count) windows")
        if k == count {
            older.removeAll()
            newest = nil
        } else {
            older.removeFirst(k)
        }
    }
}
