import Foundation
import TickFlowTestSupport
import Testing

@testable import Model

@Suite struct InstrumentMasterTests {
    static let loadedAt: Int64 = 1_700_000_000_000_000_000
    static let header = "id,symbol,name,asset_class,currency,sector,region,venue,lot_size,tick_size,underlying,strike,expiry,right\n"
    static let appleRow = "68d908b3-3dae-5b33-b8d2-de9a40555271,AAPL,Apple Inc.,equity,USD,Information Technology,North America,XNAS,1,0.01,,,,\n"

    @Test func loadsTheDefaultUniverse() throws {
        let master = try InstrumentMaster.load(csvAt: Repository.path(InstrumentMaster.defaultPath), loadedAt: Self.loadedAt)
        #expect(master.count >= 200)
        let equities = master.instruments(of: .equity), bonds = master.instruments(of: .bond)
        let options = master.instruments(of: .derivative), fx = master.instruments(of: .fx)
        #expect(equities.count >= 100)
        #expect(Set(equities.map(\.sector)).count == 11)
        #expect(bonds.count >= 20)
        #expect(Set(bonds.map(\.currency)).isSuperset(of: ["USD", "EUR", "GBP", "JPY"]))
        #expect(options.count >= 50)
        #expect(fx.count >= 8)
        #expect(Set(master.instruments.map(\.id)).count == master.count)
        for option in options {
            let terms = try #require(option.option)
            let underlying = try #require(master.instrument(id: terms.underlyingId))
            #expect(underlying.assetClass == .equity)
            #expect(option.symbol.hasPrefix(underlying.symbol))
        }
        let apple = try #require(master.instrument(symbol: "AAPL"))
        #expect(apple.id == "68d908b3-3dae-5b33-b8d2-de9a40555271")
        #expect(apple.venue == "XNAS")
        #expect(apple.eventTimeNanos == Self.loadedAt)
        #expect(master.instrument(id: apple.id) == apple)
        let call = try #require(master.instrument(symbol: "AAPL270319C00170000"))
        #expect(call.option?.strike == 170)
        #expect(call.option?.right == .call)
        #expect(call.option.map { Timestamp.iso8601($0.expiryNanos) } == "2027-03-19T20:00:00.000000000Z")
        #expect(master.instrument(symbol: "EURUSD")?.currency == "USD")
        #expect(master.instrument(symbol: "NOPE") == nil)
    }

    @Test func readsQuotedFieldsAndAnyColumnOrder() throws {
        let csv = "symbol,id,name,asset_class,currency,region,lot_size,tick_size\n"
            + "BRK.B,1b4e28ba-2fa1-11d2-883f-0016d3cca427,\"Berkshire Hathaway, Inc. \"\"B\"\"\",equity,USD,North America,1,0.01\n"
        let master = try InstrumentMaster.parse(csv: csv, loadedAt: Self.loadedAt)
        let instrument = try #require(master.instrument(symbol: "BRK.B"))
        #expect(instrument.name == "Berkshire Hathaway, Inc. \"B\"")
        #expect(instrument.venue == "")
    }

    @Test(arguments: [
        (appleRow.replacingOccurrences(of: ",USD,", with: ",usd,"), "instruments.csv:2: column currency"),
        (appleRow.replacingOccurrences(of: "68d908b3", with: "zzzz"), "instruments.csv:2: column id"),
        (appleRow.replacingOccurrences(of: ",equity,", with: ",stock,"), "unknown asset class \"stock\""),
        (appleRow.replacingOccurrences(of: ",0.01,", with: ",-0.01,"), "column tick_size"),
        (appleRow.replacingOccurrences(of: ",1,", with: ",one,"), "column lot_size: not a number: \"one\""),
        (appleRow + appleRow.replacingOccurrences(of: "68d908b3", with: "78d908b3"), "instruments.csv:3: column symbol: duplicate symbol AAPL, first on line 2"),
        (appleRow + "11111111-2222-3333-4444-555555555555,X1,X call,derivative,USD,,North America,XCBO,100,0.01,MSFT,100,2027-01-15T21:00:00Z,call\n",
         "instruments.csv:3: column underlying: unknown underlying symbol \"MSFT\""),
        (appleRow + "11111111-2222-3333-4444-555555555555,X1,X call,derivative,USD,,North America,XCBO,100,0.01,AAPL,100,2027-13-15T21:00:00Z,call\n",
         "instruments.csv:3: column expiry"),
    ])
    func rejectsAMalformedRowNamingLineAndColumn(row: String, expected: String) {
        do {
            _ = try InstrumentMaster.parse(csv: Self.header + row, loadedAt: Self.loadedAt)
            Issue.record("expected the row to be rejected: \(row)")
        } catch let error as ModelError {
            #expect(error.code == .invalidValue)
            #expect(error.description.contains(expected), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func rejectsAHeaderWithoutARequiredColumn() {
        #expect(throws: ModelError.self) { try InstrumentMaster.parse(csv: "id,symbol\n", loadedAt: Self.loadedAt) }
        #expect(throws: ModelError.self) { try InstrumentMaster.load(csvAt: "/nonexistent/instruments.csv") }
    }
}
