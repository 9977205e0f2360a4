import Model
import Synchronization

/// Access tokens whose signature and claims were verified, until they expire: a client sends the same token
/// with every request for up to an hour, and verifying it again (header and claims JSON decoding, HMAC, a hop
/// through JWTKit's key actor) cost more than the rest of authenticating.
///
/// Only the exact token text that passed verification is remembered, with its expiry: a token with another
/// signature or claims is another key and is verified in full. Revocation is not affected: sessions and
/// users are checked on every request by ``Ledger/activeRole(userId:sessionFamily:)``.
final class VerifiedTokens: Sendable {
    struct Entry {
        var identity: TokenService.Identity
        var expiresAtNanos: Int64
    }

    /// Most tokens kept; past it, expired ones are dropped, then all.
    let capacity: Int
    private let entries = Mutex([String: Entry]())

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The identity of a verified, unexpired token.
    func identity(of token: String, now: Int64 = Timestamp.now()) -> TokenService.Identity? {
        entries.withLock { entries in
            guard let entry = entries[token], entry.expiresAtNanos > now else { return nil }
            return entry.identity
        }
    }

    /// Remembers a token that passed verification.
    func store(_ token: String, identity: TokenService.Identity, expiresAtNanos: Int64, now: Int64 = Timestamp.now()) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expiresAtNanos > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[token] = Entry(identity: identity, expiresAtNanos: expiresAtNanos)
        }
    }
}
