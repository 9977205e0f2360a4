import Testing

@testable import Serving

@Suite struct TraceMiddlewareTests {
    @Test func randomIdsAreThirtyTwoLowercaseHexDigitsAndDistinct() {
        let ids = (0..<1_000).map { _ in TraceId.random().text }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 32 && $0.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } })
    }

    @Test func traceparentHeadersAreReadStrictly() {
        #expect(TraceId(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?.text == "4bf92f3577b34da6a3ce929d0e0e4736")
        let refused = [
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  // all zeros
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // forbidden version
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  // upper case
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",  // 31 digits
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",  // no flags
            "garbage",
        ]
        for header in refused { #expect(TraceId(traceparent: header) == nil, "\(header)") }
    }
}
