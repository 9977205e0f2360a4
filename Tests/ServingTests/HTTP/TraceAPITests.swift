import Foundation
import Serving
import Testing

/// Trace ids over a real socket: kept from a caller's `traceparent`, made otherwise, and on the request's log lines.
@Suite struct TraceAPITests {
    @Test func requestsCarryTheCallersTraceIdOrANewOneIntoTheHeaderAndTheLogs() async throws {
        let log = CapturedLog()
        try await withLiveServer(logger: log.logger("test.api", level: .debug)) { server in
            let traced = try await server.call(
                .GET, "/api/v1/stocks/AAPL", headers: [("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")])
            #expect(traced.status == 200)
            #expect(traced.headers.first(name: "X-Trace-Id") == "4bf92f3577b34da6a3ce929d0e0e4736")

            let fresh = try await server.call(.GET, "/api/v1/stocks/NOPE", headers: [("traceparent", "00-not-a-trace-01")])
            #expect(fresh.status == 404)
            let id = try #require(fresh.headers.first(name: "X-Trace-Id"))
            #expect(id.count == 32 && id.allSatisfy(\.isHexDigit) && id != "4bf92f3577b34da6a3ce929d0e0e4736")
            #expect(fresh.string("trace_id") == id)

            let answered = try log.objects().filter { $0["message"] as? String == "answered" }
            let first = try #require(answered.first { $0["trace_id"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736" })
            #expect(first["route"] as? String == "/api/v1/stocks/{stockId}")
            #expect(first["status"] as? String == "200")
            #expect(first["method"] as? String == "GET")
            let second = try #require(answered.first { $0["trace_id"] as? String == id })
            #expect(second["status"] as? String == "404")
        }
    }
}
