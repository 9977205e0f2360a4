import Serving
import Testing
import TickFlowTestSupport

@Suite struct RedisConnectionTests {
    @Test func commandsRoundTripAgainstARealServer() throws {
        let server = try RedisServer()
        let redis = try RedisConnection(port: server.port)
        #expect(try redis.command(["PING"]) == .status("PONG"))
        #expect(try redis.command(["SET", "quote:AAPL", "189.43|189.45"]) == .status("OK"))
        #expect(try redis.command(["GET", "quote:AAPL"]).text == "189.43|189.45")
        #expect(try redis.command(["INCRBY", "ratelimit:user-1", "7"]) == .integer(7))
        #expect(try redis.command(["GET", "missing"]) == .null)
        #expect(try redis.command(["RPUSH", "anomalies", "a", "b"]) == .integer(2))
        #expect(try redis.command(["LRANGE", "anomalies", "0", "-1"]) == .array([.string(Array("a".utf8)), .string(Array("b".utf8))]))
        guard case .error(let message) = try redis.command(["NOSUCHCOMMAND"]) else {
            Issue.record("an unknown command must be an error reply")
            return
        }
        #expect(message.contains("unknown command"))
    }

    @Test func aStoppedServerIsATypedErrorAndARestartedOneAnswersAgain() throws {
        let server = try RedisServer()
        let redis = try RedisConnection(port: server.port)
        #expect(try redis.command(["SET", "k", "v"]) == .status("OK"))
        try server.stop()
        let broken = #expect(throws: ServingError.self) { try redis.command(["GET", "k"]) }
        #expect(broken?.code == .cacheUnavailable)
        let refused = #expect(throws: ServingError.self) { try RedisConnection(port: server.port) }
        #expect(refused?.code == .cacheUnavailable)
        #expect(refused?.message.contains("\(server.port)") == true)

        try server.start()
        let again = try RedisConnection(port: server.port)
        #expect(try again.command(["PING"]) == .status("PONG"))
        #expect(try again.command(["GET", "k"]) == .null, "persistence is off: a restarted server is empty")
    }
}
