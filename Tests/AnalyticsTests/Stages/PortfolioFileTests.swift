import Foundation
import Model
import Testing
@testable import Analytics

@Suite struct PortfolioFileTests {
    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("portfolios-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Quantities are exact decimals; the holdings survive their wire form unchanged.
    @Test func aPortfolioFileLoadsExactQuantities() throws {
        let path = try Self.write(#"""
            [{"portfolioId": "PF-1", "baseCurrency": "USD", "eventTimeNanos": 1763683200000000000,
              "positions": [{"instrumentId": "00000000-0000-4000-8000-000000000001", "quantity": "150.25"},
                            {"instrumentId": "00000000-0000-4000-8000-000000000002", "quantity": "-20"}]}]
            """#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let portfolios = try PortfolioFile.load(path: path)
        let portfolio = try #require(portfolios.first)
        #expect(portfolio.positions.map(\.quantity) == [Decimal(string: "150.25")!, -20])
        #expect(portfolio.eventTimeNanos == 1_763_683_200_000_000_000)
        #expect(try PortfolioHoldings(serializedBytes: try portfolio.serializedBytes()) == portfolio)
    }

    /// An inexact quantity, a duplicated instrument, a bad currency and bad JSON are refused with the path and
    /// the portfolio in the error.
    @Test(arguments: [
        #"[{"portfolioId": "PF-9", "baseCurrency": "USD", "positions": [{"instrumentId": "a", "quantity": "1e3"}]}]"#,
        #"[{"portfolioId": "PF-9", "baseCurrency": "USD", "positions": [{"instrumentId": "a", "quantity": "1"}, {"instrumentId": "a", "quantity": "2"}]}]"#,
        #"[{"portfolioId": "PF-9", "baseCurrency": "dollars", "positions": []}]"#,
        #"{"portfolioId": "PF-9"#,
    ]) func malformedPortfolioFilesAreRefused(text: String) throws {
        let path = try Self.write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: AnalyticsError.self) { try PortfolioFile.load(path: path) }
        #expect(error.context.contains(path))
    }
}
