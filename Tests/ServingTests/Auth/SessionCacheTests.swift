import Model
@testable import Serving
import Testing

/// The verified-session cache: hits, expiry, and invalidations that beat a racing lookup.
@Suite struct SessionCacheTests {
    @Test func remembersAConfirmedSessionForItsOwnerOnly() {
        let cache = SessionCache(lifetime: .seconds(60))
        cache.store(userId: "ada", family: "f1", role: .investor, generation: cache.generation())
        #expect(cache.role(userId: "ada", family: "f1") == .investor)
        #expect(cache.role(userId: "mallory", family: "f1") == nil)
        #expect(cache.role(userId: "ada", family: "f2") == nil)
    }

    @Test func invalidationsForgetSessionsAndRefuseStaleAnswers() {
        let cache = SessionCache(lifetime: .seconds(60))
        cache.store(userId: "ada", family: "f1", role: .investor, generation: cache.generation())
        cache.store(userId: "ada", family: "f2", role: .investor, generation: cache.generation())
        cache.store(userId: "bob", family: "f3", role: .broker, generation: cache.generation())
        cache.invalidate(family: "f1")
        #expect(cache.role(userId: "ada", family: "f1") == nil)
        #expect(cache.role(userId: "ada", family: "f2") == .investor)
        cache.invalidate(userId: "ada")
        #expect(cache.role(userId: "ada", family: "f2") == nil)
        #expect(cache.role(userId: "bob", family: "f3") == .broker)
        // A lookup that read the database before a logout committed must not cache its answer.
        let before = cache.generation()
        cache.invalidate(family: "f4")
        cache.store(userId: "carol", family: "f4", role: .investor, generation: before)
        #expect(cache.role(userId: "carol", family: "f4") == nil)
    }

    @Test func expiredAndDisabledCachesAnswerNothing() {
        let expired = SessionCache(lifetime: .seconds(-1))
        expired.store(userId: "ada", family: "f1", role: .investor, generation: expired.generation())
        #expect(expired.role(userId: "ada", family: "f1") == nil)
        let disabled = SessionCache(lifetime: .zero)
        disabled.store(userId: "ada", family: "f1", role: .investor, generation: disabled.generation())
        #expect(disabled.role(userId: "ada", family: "f1") == nil)
    }

    @Test func staysWithinCapacity() {
        let cache = SessionCache(lifetime: .seconds(60), capacity: 3)
        for index in 0..<5 { cache.store(userId: "u\(index)", family: "f\(index)", role: .investor, generation: cache.generation()) }
        #expect(cache.role(userId: "u4", family: "f4") == .investor)
        let kept = (0..<5).filter { cache.role(userId: "u\($0)", family: "f\($0)") != nil }.count
        #expect(kept <= 3)
    }
}
