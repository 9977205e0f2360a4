import Testing

@testable import Model

@Suite struct TradingSignalTests {
    @Test func roundTrips() throws {
        let signal = try roundTrip(Samples.appleSignal)
        #expect(signal == Samples.appleSignal)
        #expect(signal.horizonNanos == 300_000_000_000)
        #expect(signal.value == 0.35)
        #expect(signal.modelVersion == "2024.03.1")
    }

    @Test func rejectsInvalidFields() throws {
        var message = Samples.appleSignal.proto
        message.horizonNs = 0
        try expectInvalidField(TradingSignal.self, message, field: "horizon_ns")
        message = Samples.appleSignal.proto
        message.model = ""
        try expectInvalidField(TradingSignal.self, message, field: "model")
        message = Samples.appleSignal.proto
        message.confidence = -0.2
        try expectInvalidField(TradingSignal.self, message, field: "confidence")
    }
}
