import Model

/// One holding as the stress tests see it: its classification (from `Model.Instrument`) and the
/// sensitivities each shock acts on, in the base currency.
public struct StressHolding: Sendable, Equatable {
    /// Instrument id.
    public var instrumentId: String
    /// Asset class.
    public var assetClass: AssetClass
    /// Sector (empty when not applicable).
    public var sector: String
    /// Region.
    public var region: String
    /// Trading currency (ISO 4217).
    public var currency: String
    /// Market value in the base currency.
    public var marketValue: Double
    /// Value change per unit relative move of the underlying equity (delta × underlying price × quantity);
    /// the market value for a share, `0` for a bond or an FX position.
    public var equityExposure: Double
    /// Second-order term: value change per (unit relative move)² of the underlying, times 2 (gamma × S² × qty).
    public var equityGamma: Double
    /// Modified duration in years (rates shocks): `ΔV ≈ −D · V · Δy`.
    public var modifiedDuration: Double
    /// Value change per 1.00 (100 vol points) of implied volatility, base currency.
    public var vega: Double
    /// Current implied volatility (0.25 for 25 %).
    public var impliedVolatility: Double

    /// A holding of `instrument` worth `marketValue`; equities default to `equityExposure = marketValue`.
    public init(
        instrument: Instrument, marketValue: Double, equityExposure: Double? = nil, equityGamma: Double = 0,
        modifiedDuration: Double = 0, vega: Double = 0, impliedVolatility: Double = 0
    ) {
        self.instrumentId = instrument.id
        self.assetClass = instrument.assetClass
        self.sector = instrument.sector
        self.region = instrument.region
        self.currency = instrument.currency
        self.marketValue = marketValue
        self.equityExposure = equityExposure ?? (instrument.assetClass == .equity ? marketValue : 0)
        self.equityGamma = equityGamma
        self.modifiedDuration = modifiedDuration
        self.vega = vega
        self.impliedVolatility = impliedVolatility
    }
}

/// Which holdings a custom shock applies to; `nil` fields match anything.
public struct StressFilter: Sendable, Equatable {
    /// Asset class to match.
    public var assetClass: AssetClass?
    /// Sector to match (exact).
    public var sector: String?
    /// Region to match (exact).
    public var region: String?
    /// Currency to match (exact).
    public var currency: String?

    /// A filter; all fields optional.
    public init(assetClass: AssetClass? = nil, sector: String? = nil, region: String? = nil, currency: String? = nil) {
        self.assetClass = assetClass
        self.sector = sector
        self.region = region
        self.currency = currency
    }

    /// Whether `holding` matches every given field.
    public func matches(_ holding: StressHolding) -> Bool {
        (assetClass.map { $0 == holding.assetClass } ?? true) && (sector.map { $0 == holding.sector } ?? true)
            && (region.map { $0 == holding.region } ?? true) && (currency.map { $0 == holding.currency } ?? true)
    }
}
