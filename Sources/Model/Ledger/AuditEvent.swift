/// One recorded state change of an order, a wallet or an authorization.
public struct AuditEvent: Sendable, Hashable {
    /// What kind of thing changed.
    public enum Entity: String, Sendable, Hashable, Codable, CaseIterable {
        case order
        case wallet
        case authorization
        case stockholding
        case portfolio
        case user
    }

    public var id: String
    public var entity: Entity
    public var entityId: String
    /// The user whose resource it is (who may read the event).
    public var ownerId: String
    /// Who made the change.
    public var actorId: String
    /// What happened, e.g. `order.placed`, `order.filled`, `wallet.deposit`.
    public var action: String
    /// Details, as a short JSON object.
    public var detail: String
    public var createdAtNanos: Int64

    /// Creates an audit event.
    public init(
        id: String, entity: Entity, entityId: String, ownerId: String, actorId: String, action: String, detail: String,
        createdAtNanos: Int64
    ) {
        self.id = id
        self.entity = entity
        self.entityId = entityId
        self.ownerId = ownerId
        self.actorId = actorId
        self.action = action
        self.detail = detail
        self.createdAtNanos = createdAtNanos
    }
}
