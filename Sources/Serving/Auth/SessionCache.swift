import Foundation
import Model
import Synchronization

/// Recently verified sessions (user, session family → role), so that an authenticated request does not
/// ask the database on every call.
///
/// Revocation stays immediate within the process: logout, refresh-token reuse and user deletion call
/// ``invalidate(family:)`` / ``invalidate(userId:)`` after their transaction commits, and a lookup that
/// raced with an invalidation does not store its (possibly stale) answer. Another server process on the
/// same database sees a revocation within ``lifetime``.
public final class SessionCache: Sendable {
    struct Entry {
        var userId: String
        var role: UserRole
        var expiresAtNanos: Int64
    }

    struct State {
        var entries: [String: Entry] = [:]
        /// Bumped by every invalidation: a lookup stores its answer only if none happened meanwhile.
        var generation: UInt64 = 0
    }

    /// How long a verified session is trusted without asking the database (default 1 s; zero disables).
    public let lifetime: Duration
    /// Most sessions kept; past it, expired ones are dropped, then all.
    let capacity: Int
    private let state = Mutex(State())

    /// Creates a cache.
    public init(lifetime: Duration = .seconds(1), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The cached role of a live session, nil when unknown or expired.
    func role(userId: String, family: String) -> UserRole? {
        let now = Timestamp.now()
        return state.withLock { state in
            guard let entry = state.entries[family], entry.userId == userId, entry.expiresAtNanos > now else { return nil }
            return entry.role
        }
    }

    /// The generation to pass to ``store(userId:family:role:generation:)`` after asking the database.
    func generation() -> UInt64 { state.withLock { $0.generation } }

    /// Remembers a session the database confirmed, unless an invalidation happened since `generation`.
    func store(userId: String, family: String, role: UserRole, generation: UInt64) {
        guard lifetime > .zero else { return }
        let now = Timestamp.now()
        let expires = now + lifetime.nanoseconds
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity {
                state.entries = state.entries.filter { $0.value.expiresAtNanos > now }
                if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            }
            state.entries[family] = Entry(userId: userId, role: role, expiresAtNanos: expires)
        }
    }

    /// Forgets one session (logout, refresh-token reuse).
    func invalidate(family: String) {
        state.withLock { state in
            state.generation &+= 1
            state.entries[family] = nil
        }
    }

    /// Forgets every session of a user (deletion).
    func invalidate(userId: String) {
        state.withLock { state in
            state.generation &+= 1
            state.entries = state.entries.filter { $0.value.userId != userId }
        }
    }
}
