import Testing

@testable import Model

@Suite struct InstrumentTests {
    @Test func roundTripsAnEquityAndAnOption() throws {
        #expect(try roundTrip(Samples.apple) == Samples.apple)
        let call = try roundTrip(Samples.appleCall)
        #expect(call == Samples.appleCall)
        #expect(call.isOption)
        #expect(call.option?.strike == 190)
        #expect(call.option?.right == .call)
        #expect(call.option?.underlyingId == Samples.appleId)
        #expect(Timestamp.iso8601(call.option!.expiryNanos) == "2024-06-21T20:00:00.000000000Z")
        #expect(Samples.apple.proto.hasOption == false)
    }

    @Test func mapsEveryAssetClass() throws {
        for assetClass in AssetClass.allCases {
            var instrument = Samples.apple
            instrument.assetClass = assetClass
            #expect(try roundTrip(instrument).assetClass == assetClass)
        }
    }

    @Test func rejectsInvalidFields() throws {
        let valid = Samples.appleCall.proto
        var message = valid
        message.id = "AAPL"
        try expectInvalidField(Instrument.self, message, field: "id", mentioning: "UUID")
        message = valid
        message.assetClass = .UNRECOGNIZED(9)
        try expectInvalidField(Instrument.self, message, field: "asset_class", mentioning: "9")
        message = valid
        message.assetClass = .equity
        try expectInvalidField(Instrument.self, message, field: "option", mentioning: "only derivatives")
        message = valid
        message.option.right = .unspecified
        try expectInvalidField(Instrument.self, message, field: "option", mentioning: "tickflow.v1.OptionTerms.right")
        message = valid
        message.tickSize = 0
        try expectInvalidField(Instrument.self, message, field: "tick_size")
        message = valid
        message.name = ""
        try expectInvalidField(Instrument.self, message, field: "name")
    }
}
