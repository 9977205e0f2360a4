import Foundation

/// An investor's grant to a broker: spend up to `limit` of cash (``Kind/capital``) or sell up to `limit`
/// units of one holding (``Kind/stockHolding``) on the investor's behalf.
public struct Authorization: Sendable, Hashable {
    /// What the broker may use.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Cash in the investor's wallet, `limit` in the wallet currency.
        case capital = "Capital"
        /// Units of one stockholding, `limit` in shares.
        case stockHolding = "StockHolding"
    }

    /// Whether the broker may still use it.
    public enum Status: String, Sendable, Hashable, Codable {
        case active
        case revoked
    }

    public var id: String
    /// The investor who granted it.
    public var investorId: String
    /// The broker it was granted to.
    public var brokerId: String
    public var kind: Kind
    /// The instrument, for ``Kind/stockHolding``; nil for capital.
    public var instrumentId: String?
    /// Cash (capital) or units (stock holding) the broker may use in total.
    public var limit: Decimal
    /// How much of `limit` orders have used so far.
    public var used: Decimal
    public var status: Status
    public var createdAtNanos: Int64
    public var revokedAtNanos: Int64?

    /// Creates an authorization.
    public init(
        id: String, investorId: String, brokerId: String, kind: Kind, instrumentId: String?, limit: Decimal,
        used: Decimal, status: Status, createdAtNanos: Int64, revokedAtNanos: Int64?
    ) {
        self.id = id
        self.investorId = investorId
        self.brokerId = brokerId
        self.kind = kind
        self.instrumentId = instrumentId
        self.limit = limit
        self.used = used
        self.status = status
        self.createdAtNanos = createdAtNanos
        self.revokedAtNanos = revokedAtNanos
    }

    /// What is left of the limit.
    public var remaining: Decimal { limit - used }
}
