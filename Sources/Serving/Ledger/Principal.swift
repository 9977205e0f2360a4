import Model

/// Who is calling: an authenticated user and role, or the system (API key).
public struct Principal: Sendable, Hashable {
    /// The user's id; `"system"` for API-key calls.
    public var userId: String
    public var role: UserRole

    /// Creates a principal.
    public init(userId: String, role: UserRole) {
        self.userId = userId
        self.role = role
    }

    /// The system caller of service-to-service requests.
    public static let system = Principal(userId: "system", role: .system)

    /// Whether it may read every user's resources.
    public var seesEverything: Bool { role == .admin || role == .system }
}
