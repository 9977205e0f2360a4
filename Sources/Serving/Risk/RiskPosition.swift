import Foundation
import Model

/// One holding as the risk endpoints see it: the instrument, the quantity, and its value in the base currency
/// at the latest close of the return history.
struct RiskPosition: Sendable {
    var instrument: Instrument
    var quantity: Double
    /// Latest base-currency price.
    var price: Double
    /// `quantity × price`: the exposure of delta-normal VaR.
    var exposure: Double { quantity * price }

    /// The positions of `holdings` (instrument id → quantity, summed per instrument, in request order) priced at
    /// the history's last closes.
    static func make(_ holdings: [(instrument: Instrument, quantity: Decimal)], history: ReturnHistory) -> [RiskPosition] {
        holdings.enumerated().map { index, holding in
            RiskPosition(
                instrument: holding.instrument, quantity: NSDecimalNumber(decimal: holding.quantity).doubleValue,
                price: history.lastCloses[index])
        }
    }
}
