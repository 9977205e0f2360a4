import Backtest
import Testing

@Suite struct StrategyParametersTests {
    static func message(_ name: String, _ parameters: [String]) -> String? {
        do {
            _ = try StrategyCatalog.make(name, parameters: parameters)
            return nil
        } catch let error as BacktestError {
            return "\(error.code.rawValue): \(error.message)"
        } catch {
            return "\(error)"
        }
    }

    @Test func readsTypedValuesWithDefaults() throws {
        var parameters = try StrategyParameters(strategy: "x", ["fast= 5", "quantity=2.5", "short=yes"])
        #expect(try parameters.int("fast", default: 10) == 5)
        #expect(try parameters.int("slow", default: 30) == 30)
        let quantity = try parameters.quantity("quantity")
        #expect(quantity == 2.5)
        #expect(try parameters.bool("short", default: false))
        try parameters.finish()
    }

    @Test func clearErrorsForBadParameters() {
        #expect(Self.message("ma-crossover", ["fast"]) == "invalidParameter: parameter \"fast\" is not key=value")
        #expect(Self.message("ma-crossover", ["=3"]) == "invalidParameter: parameter \"=3\" has an empty key or value")
        #expect(Self.message("ma-crossover", ["fast=3", "fast=4"]) == "invalidParameter: parameter fast is given twice")
        #expect(Self.message("ma-crossover", ["fast=three"]) == "invalidParameter: parameter fast: \"three\" is not an integer")
        #expect(Self.message("ma-crossover", ["fast=0"]) == "invalidParameter: parameter fast: 0 is not in 1...1000000")
        #expect(Self.message("ma-crossover", ["quantity=1e3"]) == "invalidParameter: parameter quantity: \"1e3\" is not a positive number")
        #expect(
            Self.message("ma-crossover", ["window=3", "entry=2"])
                == "invalidParameter: unknown parameters entry, window; known: fast, slow, quantity, short, instrument")
        #expect(Self.message("zscore", ["entry=-1"]) == "invalidParameter: parameter entry: -1.0 is below 0.0")
        #expect(Self.message("buy-and-hope", []) == "unknownStrategy: no strategy buy-and-hope; known: ma-crossover, zscore, vwap, twap")
        #expect(Self.message("ma-crossover", ["fast=5", "slow=20"]) == nil)
    }
}
