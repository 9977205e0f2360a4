import Testing

@testable import Model

@Suite struct AnomalyTests {
    @Test func roundTripsComponents() throws {
        let anomaly = try roundTrip(Samples.teslaAnomaly)
        #expect(anomaly == Samples.teslaAnomaly)
        #expect(anomaly.components == ["return_zscore": 0.93, "volume_spike": 0.41])
        #expect(anomaly.isFlagged)
        #expect(anomaly.description == "1-minute return -3.2% vs 0.4% EWMA volatility")
    }

    @Test func rejectsScoresOutsideTheUnitInterval() throws {
        var message = Samples.teslaAnomaly.proto
        message.score = 1.2
        try expectInvalidField(Anomaly.self, message, field: "score", mentioning: "[0.0, 1.0]")
        message = Samples.teslaAnomaly.proto
        message.components["spread_jump"] = -0.1
        try expectInvalidField(Anomaly.self, message, field: #"components["spread_jump"]"#)
        message = Samples.teslaAnomaly.proto
        message.detector = ""
        try expectInvalidField(Anomaly.self, message, field: "detector")
    }
}
