import Foundation
@testable import Serving
import Testing

/// How a batch of statements becomes one Postgres statement (the contract suite runs batches for real).
@Suite struct PostgresBatchTests {
    @Test func laterStatementsPlaceholdersAreNumberedAfterTheEarlierOnes() {
        let combined = PostgresExecutor.combine([
            SQLStatement("UPDATE wallets SET balance = $2 WHERE user_id = $1", [.text("u"), .decimal(5)]),
            SQLStatement("INSERT INTO fills (id, note) VALUES ($1, '$1 is text')", [.text("f")]),
            SQLStatement("INSERT INTO audit_events (id, detail) VALUES ($1, $2), ($3, $4)", [.text("a"), .text("{}"), .text("b"), .text("{}")]),
        ])
        let expected = "WITH s0 AS (UPDATE wallets SET balance = $2 WHERE user_id = $1), "
            + "s1 AS (INSERT INTO fills (id, note) VALUES ($3, '$1 is text')) "
            + "INSERT INTO audit_events (id, detail) VALUES ($4, $5), ($6, $7)"
        #expect(combined.sql == expected)
        #expect(combined.binds == [.text("u"), .decimal(5), .text("f"), .text("a"), .text("{}"), .text("b"), .text("{}")])
    }

    @Test func twoDigitPlaceholdersAndTheLoneDollarSurvive() {
        #expect(PostgresExecutor.renumber("VALUES ($9, $10, $)", offset: 3) == "VALUES ($12, $13, $)")
        #expect(PostgresExecutor.renumber("VALUES ($1)", offset: 0) == "VALUES ($1)")
    }
}

/// Audit details are written as JSON without JSONSerialization: the same bytes as it would write.
@Suite struct AuditDetailJSONTests {
    @Test func detailsMatchJSONSerializationWithSortedKeys() throws {
        let details: [[String: String]] = [
            [:],
            ["side": "buy", "quantity": "10", "reserved": "1892.50"],
            ["reason": "a \"quoted\" back\\slash / slash\nnew line\ttab\u{01} and é ✓", "z": "", "a": "1"],
        ]
        for detail in details {
            let reference = String(decoding: try JSONSerialization.data(withJSONObject: detail, options: [.sortedKeys]), as: UTF8.self)
            let ours = Ledger.detailJSON(detail)
            #expect(ours == reference)
            let parsed = try JSONSerialization.jsonObject(with: Data(ours.utf8)) as? [String: String]
            #expect(parsed == detail)
        }
    }
}
