import Testing

@testable import Model

@Suite struct RiskMetricTests {
    @Test func roundTripsVaRAndVolatility() throws {
        let varMetric = try roundTrip(Samples.portfolioVaR)
        #expect(varMetric == Samples.portfolioVaR)
        #expect(varMetric.kind == .valueAtRisk)
        #expect(varMetric.confidence == 0.99)
        #expect(varMetric.value == 1_254_300.55)
        #expect(varMetric.instrumentId == "")
        let volatility = try roundTrip(Samples.appleVolatility)
        #expect(volatility == Samples.appleVolatility)
        #expect(volatility.method == .ewma)
        #expect(volatility.currency == "")
    }

    @Test func mapsEveryKindAndMethod() throws {
        for method in RiskMethod.allCases {
            var metric = Samples.portfolioVaR
            metric.method = method
            metric.kind = .expectedShortfall
            let decoded = try roundTrip(metric)
            #expect(decoded.method == method)
            #expect(decoded.kind == .expectedShortfall)
        }
    }

    @Test func rejectsInvalidFields() throws {
        var message = Samples.portfolioVaR.proto
        message.confidence = 0
        try expectInvalidField(RiskMetric.self, message, field: "confidence", mentioning: "(0, 1)")
        message.confidence = 99
        try expectInvalidField(RiskMetric.self, message, field: "confidence")
        message = Samples.portfolioVaR.proto
        message.currency = ""
        try expectInvalidField(RiskMetric.self, message, field: "currency")
        message = Samples.portfolioVaR.proto
        message.horizonDays = 0
        try expectInvalidField(RiskMetric.self, message, field: "horizon_days")
        message = Samples.portfolioVaR.proto
        message.method = .UNRECOGNIZED(12)
        try expectInvalidField(RiskMetric.self, message, field: "method")
    }
}
