import Model
import Synchronization

/// Accounts as this process last wrote them with an optimistic order, each at the wallet version of that
/// write, so that a user's next order can skip the read (``Ledger/placeOptimistically(_:by:instrumentId:quote:on:)``).
///
/// An entry may go stale (another process, or a locking transaction here, changed the account): the
/// version check of the write then refuses, and the order reads afresh. A refusal decided on a cached
/// account is decided again on a fresh read. So the cache can cost a retry but never a wrong write.
final class AccountCache: Sendable {
    /// A user's account at one wallet version.
    struct Account {
        var version: Int64
        var wallet: Wallet
        /// Holdings known at `version`, by instrument id (`nil`: known to be none).
        var holdings: [String: StockHolding?]
    }

    /// Most users remembered; past it the cache starts over (default 10,000).
    let capacity: Int
    private let accounts = Mutex<[String: Account]>([:])

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The account of `userId` with its holding of `instrumentId`, if both are known.
    func account(userId: String, instrumentId: String) -> (version: Int64, wallet: Wallet, holding: StockHolding?)? {
        accounts.withLock { accounts in
            guard let account = accounts[userId], let holding = account.holdings[instrumentId] else { return nil }
            return (account.version, account.wallet, holding)
        }
    }

    /// Records what a write from `version` left: `wallet` and the holding of `instrumentId` at `version + 1`.
    /// Other holdings known at `version` stay known: anything that changed them would have moved the version.
    func wrote(userId: String, from version: Int64, wallet: Wallet, instrumentId: String, holding: StockHolding?) {
        accounts.withLock { accounts in
            var holdings = accounts[userId].flatMap { $0.version == version ? $0.holdings : nil } ?? [:]
            holdings[instrumentId] = .some(holding)
            if accounts[userId] == nil, accounts.count >= capacity { accounts.removeAll(keepingCapacity: true) }
            accounts[userId] = Account(version: version + 1, wallet: wallet, holdings: holdings)
        }
    }

    /// Forgets a user's account (its entry was stale, or a write failed).
    func forget(userId: String) {
        _ = accounts.withLock { $0.removeValue(forKey: userId) }
    }
}
