import Foundation
import Model

/// Portfolios seeded from a JSON file (`tickflow analytics run --portfolios FILE`):
///
/// ```json
/// [{"portfolioId": "PF-1", "baseCurrency": "USD", "eventTimeNanos": 1700000000000000000,
///   "positions": [{"instrumentId": "<uuid>", "quantity": "150"}]}]
/// ```
///
/// Quantities are exact decimal strings; `eventTimeNanos` is optional (1 ns by default, so that any holdings
/// record of the portfolio on `portfolios.holdings` replaces the seed).
public enum PortfolioFile {
    private struct Entry: Decodable {
        struct Position: Decodable {
            var instrumentId: String
            var quantity: String
        }
        var portfolioId: String
        var baseCurrency: String
        var eventTimeNanos: Int64?
        var positions: [Position]
    }

    /// Reads and checks the file.
    ///
    /// - Throws: ``AnalyticsError`` `.invalidInput` naming the path, the portfolio and the problem.
    public static func load(path: String) throws -> [PortfolioHoldings] {
        let entries: [Entry]
        do {
            entries = try JSONDecoder().decode([Entry].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw AnalyticsError(.invalidInput, context: path, "not a portfolio file: \(error)")
        }
        return try entries.enumerated().map { index, entry in
            let time = entry.eventTimeNanos ?? 1
            var message = Tickflow_V1_PortfolioHoldings()
            message.portfolioID = entry.portfolioId
            message.baseCurrency = entry.baseCurrency
            message.eventTimeNs = time
            message.ingestTimeNs = time
            message.positions = entry.positions.map { position in
                var wire = Tickflow_V1_PortfolioPosition()
                wire.instrumentID = position.instrumentId
                wire.quantity = position.quantity
                return wire
            }
            // The wire validation, so that a file and a topic record are held to the same rules.
            do {
                return try PortfolioHoldings(proto: message)
            } catch {
                throw AnalyticsError(.invalidInput, context: "\(path)[\(index)] \(entry.portfolioId)", "\(error)")
            }
        }
    }
}
