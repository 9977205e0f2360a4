/// A registered user of the ledger API.
public struct User: Sendable, Hashable {
    /// User id (UUID string).
    public var id: String
    /// Login e-mail, unique, lowercased.
    public var email: String
    /// Display name.
    public var name: String
    /// What the user may do.
    public var role: UserRole
    /// Registration time, ns since the epoch (UTC).
    public var createdAtNanos: Int64
    /// Last profile change, ns since the epoch (UTC).
    public var updatedAtNanos: Int64

    /// Creates a user.
    public init(id: String, email: String, name: String, role: UserRole, createdAtNanos: Int64, updatedAtNanos: Int64) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.createdAtNanos = createdAtNanos
        self.updatedAtNanos = updatedAtNanos
    }
}
