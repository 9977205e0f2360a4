import Foundation
import Model

extension Ledger {
    /// How many times an order is tried optimistically before it takes the wallet lock.
    static let optimisticAttempts = 3

    /// Places an investor's own order in two round trips (``VersionedWrites``), or one: reads the account
    /// without a lock (or takes it from ``AccountCache``, as this process last wrote it), decides the order as
    /// the locking path does (``place(_:by:owner:instrumentId:quote:wallet:holding:authorization:)``), then
    /// writes everything in one statement that applies only if the wallet's version is still the one read.
    /// The wallet row is written by that version check, so the batch's own wallet update is left out.
    ///
    /// - Returns: the order, or `nil` when the account kept changing under it (the caller then locks).
    /// - Throws: the order's refusal, decided on the account as read, or a storage error.
    func placeOptimistically(
        _ request: OrderRequest, by actor: Principal, instrumentId: String, quote: MarketQuote?, on store: any VersionedWrites
    ) async throws(ServingError) -> Order? {
        let userId = actor.userId
        var cached = accounts.account(userId: userId, instrumentId: instrumentId)
        for _ in 0..<Self.optimisticAttempts {
            let account = if let cached { cached } else { try await readAccount(userId: userId, instrumentId: instrumentId) }
            let placement: OrderPlacement
            do {
                placement = try Self.place(
                    request, by: actor, owner: userId, instrumentId: instrumentId, quote: quote, wallet: account.wallet,
                    holding: account.holding, authorization: nil)
            } catch where cached != nil {
                cached = nil  // refused on a remembered account: decide again on a fresh one
                continue
            }
            let writes = placement.writes.filter { $0.sql != Self.walletUpdateSQL }
            let check = Self.walletVersionCheck(
                userId: userId, version: account.version, writing: writes.count < placement.writes.count ? placement.wallet : nil)
            let applied: Bool
            do { applied = try await store.write(writes, checking: check) } catch {
                accounts.forget(userId: userId)
                throw error
            }
            if applied {
                accounts.wrote(userId: userId, from: account.version, wallet: placement.wallet, instrumentId: instrumentId, holding: placement.holding)
                return placement.order
            }
            accounts.forget(userId: userId)
            cached = nil
        }
        return nil
    }

    /// A user's wallet with its version, and their holding of one instrument, from one snapshot, unlocked.
    func readAccount(userId: String, instrumentId: String) async throws(ServingError) -> (version: Int64, wallet: Wallet, holding: StockHolding?) {
        let rows = try await store.read { sql throws(ServingError) in
            try await sql.query(
                """
                SELECT w.version, w.user_id, w.currency, w.balance, w.reserved, w.updated_at, h.id, h.user_id, h.instrument_id,
                h.quantity, h.committed, h.reserved, h.cost_basis, h.updated_at
                FROM wallets w LEFT JOIN stockholdings h ON h.user_id = w.user_id AND h.instrument_id = $2 WHERE w.user_id = $1
                """,
                [.text(userId), .text(instrumentId)])
        }
        guard let row = rows.first else { throw Self.notFound("wallet of user", userId) }
        let (wallet, holding) = try Self.walletAndHolding(row, from: 1)
        return (try row.int(0), wallet, holding)
    }

    /// Moves the wallet's version on from `version`, writing `wallet`'s balance and reservation too when given;
    /// matches no row if the version has moved since it was read.
    static func walletVersionCheck(userId: String, version: Int64, writing wallet: Wallet?) -> SQLStatement {
        guard let wallet else {
            return SQLStatement(
                "UPDATE wallets SET version = version + 1 WHERE user_id = $1 AND version = $2 RETURNING 1", [.text(userId), .int(version)])
        }
        return SQLStatement(
            "UPDATE wallets SET balance = $3, reserved = $4, updated_at = $5, version = version + 1 WHERE user_id = $1 AND version = $2 RETURNING 1",
            [.text(userId), .int(version), .decimal(wallet.balance), .decimal(wallet.reserved), .int(Timestamp.now())])
    }
}
