/// A sorted set of sequence identities that is cheap when they arrive in increasing order and leave oldest
/// first, as a feed's sequence numbers do: adding above the largest is an append, removing the smallest moves a
/// start index. An identity that arrives out of order is placed by binary search (a short move near the end).
///
/// Storage is one array whose dead prefix (`head`) is compacted once it outgrows the live part, so memory stays
/// within twice the live count and each removal costs O(1) amortized.
struct SequenceRun: Sendable {
    private var values: [UInt64] = []
    private var head = 0
    /// The largest held, kept here so that the in-order test reads no array memory (a cache miss per tick).
    private var largest: UInt64 = 0

    /// The number of identities held.
    var count: Int { values.count - head }

    /// Adds `identity`; `false` if it is already held.
    mutating func insert(_ identity: UInt64) -> Bool {
        if identity > largest || head == values.count {
            values.append(identity)
            largest = max(largest, identity)
            return true
        }
        let index = lowerBound(identity)
        if index < values.count && values[index] == identity { return false }
        values.insert(identity, at: index)
        return true
    }

    /// Removes `identity` if held.
    mutating func remove(_ identity: UInt64) {
        guard head < values.count else { return }
        if values[head] == identity {
            head += 1
        } else {
            let index = lowerBound(identity)
            guard index < values.count && values[index] == identity else { return }
            values.remove(at: index)
        }
        if head == values.count {
            values.removeAll(keepingCapacity: true)
            head = 0
            largest = 0
        } else if head >= 64 && head * 2 >= values.count {
            values.removeFirst(head)
            head = 0
        }
    }

    /// The first index at or after `head` whose value is not below `identity`.
    private func lowerBound(_ identity: UInt64) -> Int {
        var low = head, high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < identity { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
