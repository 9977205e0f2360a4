import Foundation
import Serving
import Testing

@Suite struct LedgerIDTests {
    @Test func idsAreDistinctVersion7UUIDsThatSortByCreation() async throws {
        var ids: [String] = []
        for round in 0..<3 {
            ids += (0..<500).map { _ in LedgerID.make() }
            if round < 2 { try await Task.sleep(for: .milliseconds(2)) }
        }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(LedgerID.isValid(id))
            let hex = Array(id.replacingOccurrences(of: "-", with: ""))
            #expect(hex[12] == "7")  // version 7
            #expect("89ab".contains(hex[16]))  // RFC 4122 variant
        }
        // The first 48 bits are the creation millisecond; within one, the counter after them counts up: every id
        // sorts after the ones made before it, including the hundreds made in the same millisecond.
        let stamps = ids.map { UInt64($0.replacingOccurrences(of: "-", with: "").prefix(12), radix: 16)! }
        #expect(ids == ids.sorted())
        #expect(stamps.last! - stamps.first! >= 4)
        #expect(Set(stamps).count < ids.count)  // many ids did share a millisecond
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        #expect(now - stamps.last! < 60_000)
        // The last 32 bits are random: over 1,500 ids every one of their hex digits takes many values.
        for position in 24..<32 {
            #expect(Set(ids.map { Array($0.replacingOccurrences(of: "-", with: ""))[position] }).count >= 12)
        }
    }
}
