import Model

/// Deterministic synthetic trades over 20 symbols: benchmark and test input.
public enum SampleTrades {
    /// The symbols, and their instrument ids.
    public static let symbols = ["AAPL", "MSFT", "AMZN", "GOOG", "META", "NVDA", "TSLA", "JPM", "V", "XOM",
                                 "JNJ", "WMT", "PG", "MA", "HD", "CVX", "KO", "PEP", "BAC", "DIS"]
    public static let instrumentIds = symbols.indices.map { "00000000-0000-4000-8000-\(String(repeating: "0", count: 12 - String($0 + 1).count))\($0 + 1)" }

    /// `count` trades from `startNanos`, about 1 ms apart, prices following a random walk per symbol.
    public static func make(count: Int, seed: UInt64, startNanos: Int64) -> [Trade] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        var prices = symbols.indices.map { 50 + Double($0) * 10 }
        var trades: [Trade] = []
        trades.reserveCapacity(count)
        for k in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let s = Int(state >> 33) % symbols.count
            let step = Double(Int64(state >> 40 & 0xFF) - 128) / 12_800
            prices[s] = max(1, prices[s] * (1 + step * 0.01))
            let price = (prices[s] * 100).rounded() / 100
            let time = startNanos + Int64(k) * 1_000_000 + Int64(state >> 50 & 0xFFF)
            trades.append(Trade(
                instrumentId: instrumentIds[s], symbol: symbols[s], venue: k % 3 == 0 ? "XNAS" : "XNYS", price: price,
                quantity: Double(1 + (state >> 20) % 500), currency: "USD", aggressorSide: state & 1 == 0 ? .buy : .sell,
                tradeId: "", sequence: UInt64(k), eventTimeNanos: time, ingestTimeNanos: time + 250_000))
        }
        return trades
    }
}
