import Testing

@testable import Stream

@Suite struct DuplicateFilterTests {
    /// The specification: the last `capacity` accepted identities, oldest forgotten first.
    struct Reference {
        var remembered: [UInt64] = []
        let capacity: Int

        mutating func insert(_ identity: UInt64) -> Bool {
            if remembered.contains(identity) { return false }
            remembered.append(identity)
            if remembered.count > capacity { remembered.removeFirst() }
            return true
        }
    }

    /// A feed's identities: increasing quote and trade sequences that sometimes arrive late or twice, and
    /// hashed trade ids that sometimes repeat.
    struct Feed {
        var state: UInt64
        var quote: UInt64 = 0, trade: UInt64 = 0
        var seen: [UInt64] = []

        mutating func random(_ bound: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % bound
        }

        mutating func next() -> UInt64 {
            let identity: UInt64
            switch random(100) {
            case 0..<40:
                quote += 1 + random(3)
                identity = quote
            case 40..<75:
                trade += 1 + random(3)
                identity = trade | 1 << 62
            case 75..<85:
                identity = (random(1 << 30) &* 0x9E37_79B9) | 1 << 63
            case 85..<93:
                // A late sequence: a few numbers behind the newest, possibly never seen.
                let behind = random(12)
                identity = random(2) == 0 ? max(1, quote &- behind) : max(1, trade &- behind) | 1 << 62
            default:
                identity = seen.isEmpty ? 1 : seen[Int(random(UInt64(seen.count)))]
            }
            seen.append(identity)
            if seen.count > 300 { seen.removeFirst(100) }
            return identity
        }
    }

    @Test(arguments: [1, 2, 7, 64, 500])
    func itAnswersAsTheLastNIdentitiesWould(capacity: Int) {
        var feed = Feed(state: UInt64(capacity) &* 0x5EED)
        var filter = DuplicateFilter()
        var reference = Reference(capacity: capacity)
        var refused = 0
        for step in 0..<20_000 {
            let identity = feed.next()
            let expected = reference.insert(identity)
            let answer = filter.insert(identity, capacity: capacity)
            #expect(answer == expected, "step \(step), identity \(String(identity, radix: 16))")
            if answer != expected { return }
            if !expected { refused += 1 }
        }
        // The feed repeats itself often enough that a filter accepting everything would fail above; a small
        // memory forgets most repeats.
        #expect(refused > (capacity >= 64 ? 1_000 : 50))
    }

    @Test func aRestoredFilterGivesTheSameAnswers() throws {
        var feed = Feed(state: 42)
        var filter = DuplicateFilter()
        for _ in 0..<5_000 { _ = filter.insert(feed.next(), capacity: 300) }
        var writer = ByteWriter()
        filter.write(to: &writer)
        var reader = ByteReader(writer.bytes)
        var restored = try DuplicateFilter(from: &reader)
        for _ in 0..<5_000 {
            let identity = feed.next()
            let original = filter.insert(identity, capacity: 300), copy = restored.insert(identity, capacity: 300)
            #expect(original == copy)
        }
    }

    @Test func aSequenceRunKeepsItsOrderThroughLateArrivalsAndEvictions() {
        var run = SequenceRun()
        func inserted(_ values: [UInt64]) -> [Bool] { values.map { run.insert($0) } }
        #expect(inserted([10, 20, 30, 40, 25, 25, 40]) == [true, true, true, true, true, false, false])
        run.remove(10)
        run.remove(30)
        run.remove(99)
        #expect(run.count == 3)
        #expect(inserted([10, 30, 20]) == [true, true, false])
        var evicted: [Bool] = []
        for value: UInt64 in 1_000..<1_500 {
            evicted.append(run.insert(value))
            run.remove(value - 100)
        }
        #expect(evicted.allSatisfy { $0 })
        #expect(run.count == 5 + 100)
        #expect(inserted([1_450, 1_350]) == [false, true])
    }
}
