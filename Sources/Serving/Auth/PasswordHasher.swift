import HummingbirdBcrypt
import NIOPosix

/// bcrypt password hashing, off the event loops (a hash costs milliseconds to hundreds of them).
public struct PasswordHasher: Sendable {
    /// bcrypt cost (log2 rounds): 12 in production; tests lower it.
    public let cost: UInt8

    /// Creates a hasher.
    public init(cost: UInt8 = 12) {
        self.cost = cost
    }

    /// Hashes a password.
    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`.
    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
