/// Delta-normal VaR kept current in O(n) per price or holding change.
///
/// Holds the covariance `Σ`, the positions (quantity × price = exposure `wᵢ`), and maintains `Σw` and
/// `wᵀΣw`: changing one exposure by `Δ` costs one column axpy, `Σw += Δ Σ₍:,ᵢ₎`, and
/// `wᵀΣw += 2Δ(Σw)ᵢ + Δ² Σᵢᵢ`. Reading the VaR is then O(1) and the decomposition O(n). Replacing `Σ` (a
/// covariance update) is O(n²). `resynchronize()` recomputes both sums to shed rounding after very many
/// updates.
public struct IncrementalParametricVaR: Sendable, Equatable, Codable {
    /// The covariance; only its lower triangle is read (it is stored full for the column axpy).
    public private(set) var covariance: Matrix
    /// Quantity per holding (units × contract multiplier × FX rate to base, i.e. value per unit of price).
    public private(set) var quantities: [Double]
    /// Price per holding.
    public private(set) var prices: [Double]
    /// `Σw`, maintained.
    public private(set) var sigmaW: [Double]
    /// `wᵀΣw`, maintained.
    public private(set) var variance: Double

    /// Starts from a covariance (n×n) and n quantities and prices, O(n²).
    /// - Throws: `AnalyticsError.invalidInput` for mismatched sizes or non-finite values.
    public init(covariance: Matrix, quantities: [Double], prices: [Double]) throws {
        guard quantities.count == prices.count else {
            throw AnalyticsError(
                .invalidInput, context: "IncrementalParametricVaR.init",
                "\(quantities.count) quantities for \(prices.count) prices")
        }
        let exposures = zip(quantities, prices).map { $0 * $1 }
        try RiskMeasure.validate(covariance: covariance, exposures: exposures, context: "IncrementalParametricVaR.init")
        var full = covariance
        full.symmetrizeFromLower()
        self.covariance = full
        self.quantities = quantities
        self.prices = prices
        self.sigmaW = []
        self.variance = 0
        resynchronize()
    }

    /// The exposures `wᵢ = quantityᵢ × priceᵢ`.
    public var exposures: [Double] { zip(quantities, prices).map { $0 * $1 } }

    /// A new price for holding `index`, O(n).
    /// - Throws: `AnalyticsError.invalidInput` for an index out of range or a non-finite price.
    public mutating func updatePrice(at index: Int, to price: Double) throws {
        try check(index, price, "updatePrice")
        let delta = quantities[index] * (price - prices[index])
        prices[index] = price
        apply(delta, at: index)
    }

    /// A new quantity for holding `index` (a trade), O(n).
    /// - Throws: `AnalyticsError.invalidInput` for an index out of range or a non-finite quantity.
    public mutating func updateQuantity(at index: Int, to quantity: Double) throws {
        try check(index, quantity, "updateQuantity")
        let delta = (quantity - quantities[index]) * prices[index]
        quantities[index] = quantity
        apply(delta, at: index)
    }

    /// Replaces the covariance (e.g. after an `EWMACovariance` update), O(n²).
    /// - Throws: `AnalyticsError.invalidInput` for a matrix of another size.
    public mutating func replaceCovariance(_ newCovariance: Matrix) throws {
        try RiskMeasure.validate(covariance: newCovariance, exposures: prices, context: "IncrementalParametricVaR.replaceCovariance")
        covariance = newCovariance
        covariance.symmetrizeFromLower()
        resynchronize()
    }

    /// Recomputes `Σw` and `wᵀΣw` from scratch, O(n²).
    public mutating func resynchronize() {
        let w = exposures
        sigmaW = covariance.symmetricMultiplied(by: w)
        variance = Matrix.dot(w, sigmaW)
    }

    /// VaR and ES, O(1).
    /// - Throws: `AnalyticsError.invalidInput` for a bad confidence or horizon.
    public func measure(confidence: Double, horizonDays: Double = 1) throws -> RiskMeasure {
        try ParametricVaR.measure(portfolioVariance: variance, confidence: confidence, horizonDays: horizonDays)
    }

    /// VaR and ES at a precomputed level, O(1) and allocation-free.
    public func measure(_ level: ParametricVaR.Level) -> RiskMeasure { level.measure(portfolioVariance: variance) }

    /// Marginal, component and incremental VaR per holding, O(n).
    /// - Throws: `AnalyticsError.invalidInput` for a bad confidence or horizon.
    public func decomposition(confidence: Double, horizonDays: Double = 1) throws -> VaRDecomposition {
        try RiskMeasure.validate(confidence: confidence, horizonDays: horizonDays, context: "IncrementalParametricVaR.decomposition")
        return VaRDecomposition(
            exposures: exposures, sigmaW: sigmaW, variance: variance, covarianceDiagonal: covariance.diagonalElements,
            confidence: confidence, horizonDays: horizonDays)
    }

    private mutating func apply(_ delta: Double, at index: Int) {
        guard delta != 0 else { return }
        variance += 2 * delta * sigmaW[index] + delta * delta * covariance[index, index]
        covariance.addColumn(index, scaledBy: delta, to: &sigmaW)
    }

    private func check(_ index: Int, _ value: Double, _ operation: String) throws {
        guard prices.indices.contains(index) else {
            throw AnalyticsError(.invalidInput, context: "IncrementalParametricVaR.\(operation)", "no holding \(index)")
        }
        guard value.isFinite else {
            throw AnalyticsError(.invalidInput, context: "IncrementalParametricVaR.\(operation)[\(index)]", "\(value) is not finite")
        }
    }
}
