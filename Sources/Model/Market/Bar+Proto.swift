extension Bar: ProtobufRepresentable {
    /// Creates a bar from its wire message.
    ///
    /// Besides required strings, currencies and a known interval, it checks what makes a bar a bar:
    /// the window is aligned and `interval` long, prices are finite with `low <= open, close <= high`,
    /// volume and notional are >= 0 and at least one trade was aggregated.
    public init(proto: Tickflow_V1_Bar) throws {
        let check = FieldValidator(Tickflow_V1_Bar.self)
        let interval = try check.known(BarInterval(proto: proto.interval), rawValue: proto.interval.rawValue, "interval")
        let start = proto.windowStartNs
        if start != interval.windowStart(containing: start) {
            throw check.invalid("window_start_ns", "\(start) is not aligned to a \(interval.name) boundary")
        }
        let (end, overflow) = start.addingReportingOverflow(interval.nanos)
        if overflow { throw check.invalid("window_start_ns", "\(start) is out of range") }
        if proto.windowEndNs != end {
            throw check.invalid(
                "window_end_ns", "must be window_start_ns + \(interval.name) = \(end), got \(proto.windowEndNs)")
        }
        let low = try check.finite(proto.low, "low")
        let high = try check.finite(proto.high, "high")
        if low > high { throw check.invalid("low", "\(low) is above high \(high)") }
        let range = low...high
        // A bar without trades is a gap fill: the previous close carried forward, flat and with no volume.
        if proto.tradeCount == 0, proto.volume != 0 || low != high {
            throw check.invalid("trade_count", "is 0 but the bar has volume \(proto.volume) or a range \(low)...\(high)")
        }
        self.init(
            instrumentId: try check.required(proto.instrumentID, "instrument_id"),
            symbol: try check.required(proto.symbol, "symbol"),
            interval: interval,
            windowStartNanos: start,
            open: try check.within(proto.open, range, "open"),
            high: high,
            low: low,
            close: try check.within(proto.close, range, "close"),
            volume: try check.nonNegative(proto.volume, "volume"),
            vwap: try check.finite(proto.vwap, "vwap"),
            tradeCount: proto.tradeCount,
            currency: try check.currency(proto.currency, "currency"),
            notionalBase: try check.finite(proto.notionalBase, "notional_base"),
            baseCurrency: try check.currency(proto.baseCurrency, "base_currency"),
            revision: proto.revision,
            eventTimeNanos: try check.time(proto.eventTimeNs, "event_time_ns"),
            ingestTimeNanos: try check.time(proto.ingestTimeNs, "ingest_time_ns"))
    }

    /// The wire message.
    public var proto: Tickflow_V1_Bar {
        var message = Tickflow_V1_Bar()
        message.instrumentID = instrumentId
        message.symbol = symbol
        message.interval = interval.proto
        message.windowStartNs = windowStartNanos
        message.windowEndNs = windowEndNanos
        message.open = open
        message.high = high
        message.low = low
        message.close = close
        message.volume = volume
        message.vwap = vwap
        message.tradeCount = tradeCount
        message.currency = currency
        message.notionalBase = notionalBase
        message.baseCurrency = baseCurrency
        message.revision = revision
        message.eventTimeNs = eventTimeNanos
        message.ingestTimeNs = ingestTimeNanos
        return message
    }
}
