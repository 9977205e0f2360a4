import Foundation

/// One movement of cash on a wallet.
public struct WalletTransaction: Sendable, Hashable {
    /// Why the cash moved.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case deposit
        case withdraw
        /// A buy order's fill (negative amount).
        case buy
        /// A sell order's fill (positive amount).
        case sell
        /// A balance change made by a system request.
        case adjustment
    }

    public var id: String
    public var userId: String
    public var kind: Kind
    /// Signed change of the balance: positive credits, negative debits.
    public var amount: Decimal
    /// The balance right after this transaction.
    public var balanceAfter: Decimal
    /// The order whose fill caused it, for buy and sell.
    public var orderId: String?
    public var createdAtNanos: Int64

    /// Creates a transaction.
    public init(
        id: String, userId: String, kind: Kind, amount: Decimal, balanceAfter: Decimal, orderId: String?,
        createdAtNanos: Int64
    ) {
        self.id = id
        self.userId = userId
        self.kind = kind
        self.amount = amount
        self.balanceAfter = balanceAfter
        self.orderId = orderId
        self.createdAtNanos = createdAtNanos
    }
}
