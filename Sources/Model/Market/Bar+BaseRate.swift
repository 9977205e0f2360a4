extension Bar {
    /// The rate from the bar's currency to its base currency that the stream enriched its trades at:
    /// `notionalBase / (vwap × volume)` (the volume-weighted rate when it changed inside the window), 1 when the
    /// two currencies are the same, nil for a foreign bar without trades (carry the previous bar's rate).
    public var impliedBaseRate: Double? {
        if currency == baseCurrency { return 1 }
        let traded = vwap * volume
        guard traded > 0, notionalBase > 0 else { return nil }
        let rate = notionalBase / traded
        return rate.isFinite ? rate : nil
    }
}
