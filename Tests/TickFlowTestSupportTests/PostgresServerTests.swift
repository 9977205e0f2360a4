import Foundation
import Testing
import TickFlowTestSupport

@Suite struct PostgresServerTests {
    @Test func aThrowawayClusterStoresExactMoneyAndStops() throws {
        let server = try PostgresServer()
        #expect(FreePort.isListening(server.port))
        #expect(try server.psql("SELECT current_setting('server_version_num')::int >= 150000") == "t")
        _ = try server.psql("CREATE TABLE wallets (id int PRIMARY KEY, balance NUMERIC(20,2), units NUMERIC(20,8))")
        _ = try server.psql("INSERT INTO wallets VALUES (1, 1234567.89, 0.00000001), (2, 0.10, 3.5)")
        #expect(try server.psql("SELECT balance, units FROM wallets WHERE id = 1") == "1234567.89|0.00000001")
        #expect(try server.psql("SELECT sum(balance) FROM wallets") == "1234567.99")
        try server.stop()
        #expect(!FreePort.isListening(server.port))
    }
}
