import Foundation

/// A user's cash account in one currency. `reserved` is held by open buy orders; only `available` can be
/// spent or withdrawn.
public struct Wallet: Sendable, Hashable {
    public var userId: String
    /// ISO 4217 code.
    public var currency: String
    /// Cash on the account, exact.
    public var balance: Decimal
    /// Cash held by open buy orders.
    public var reserved: Decimal
    public var updatedAtNanos: Int64

    /// Creates a wallet.
    public init(userId: String, currency: String, balance: Decimal, reserved: Decimal, updatedAtNanos: Int64) {
        self.userId = userId
        self.currency = currency
        self.balance = balance
        self.reserved = reserved
        self.updatedAtNanos = updatedAtNanos
    }

    /// Cash that can be spent or withdrawn now.
    public var available: Decimal { balance - reserved }
}
