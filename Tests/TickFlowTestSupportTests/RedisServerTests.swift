import Testing
import TickFlowTestSupport

@Suite struct RedisServerTests {
    @Test func startsOnAFreePortStopsAndRestartsOnTheSamePort() throws {
        let first = try RedisServer()
        let second = try RedisServer()
        #expect(first.port != second.port)
        #expect(FreePort.isListening(first.port))
        try first.stop()
        #expect(!FreePort.isListening(first.port))
        #expect(FreePort.isListening(second.port), "stopping one server leaves the other alone")
        try first.start()
        #expect(FreePort.isListening(first.port))
    }
}
