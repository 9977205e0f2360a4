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
        // The first 48 bits are the creation millisecond: ids made milliseconds apart sort in creation order.
        let stamps = ids.map { UInt64($0.replacingOccurrences(of: "-", with: "").prefix(12), radix: 16)! }
        #expect(stamps == stamps.sorted())
        #expect(stamps.last! - stamps.first! >= 4)
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        #expect(now - stamps.last! < 60_000)
        // The 74 random bits vary: over 1,500 ids every random hex digit takes many values.
        for position in [13, 17, 20, 31] {
            #expect(Set(ids.map { Array($0.replacingOccurrences(of: "-", with: ""))[position] }).count >= 12)
        }
    }
}
