@testable import Serving
import Model
import Testing

/// The verified-token cache: exact token text, until its expiry, bounded.
@Suite struct VerifiedTokensTests {
    let identity = TokenService.Identity(userId: "u1", role: .investor, sessionFamily: "f1")

    @Test func aTokenIsKnownUntilItExpires() {
        let cache = VerifiedTokens()
        cache.store("a.b.c", identity: identity, expiresAtNanos: 1_000, now: 0)
        #expect(cache.identity(of: "a.b.c", now: 999)?.userId == "u1")
        #expect(cache.identity(of: "a.b.c", now: 1_000) == nil)
        #expect(cache.identity(of: "a.b.d", now: 0) == nil)
    }

    @Test func pastItsCapacityExpiredTokensGoFirst() {
        let cache = VerifiedTokens(capacity: 2)
        cache.store("old", identity: identity, expiresAtNanos: 10, now: 0)
        cache.store("live", identity: identity, expiresAtNanos: 1_000, now: 0)
        cache.store("new", identity: identity, expiresAtNanos: 1_000, now: 20)
        #expect(cache.identity(of: "live", now: 30) != nil)
        #expect(cache.identity(of: "new", now: 30) != nil)
    }
}
