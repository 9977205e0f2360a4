import Foundation

/// A subscription into or redemption out of a portfolio (`tickflow.v1.ClientFlow`, topic `client-flows.inbound`).
///
/// The amount is exact: a `Decimal` in Swift and a decimal string on the wire.
public struct ClientFlow: Sendable, Hashable, Codable, Identifiable {
    /// Flow id, unique; used to deduplicate.
    public var id: String
    /// Client id.
    public var clientId: String
    /// Portfolio id; the Kafka key, so the flows of a portfolio stay ordered.
    public var portfolioId: String
    /// Subscription or redemption.
    public var kind: ClientFlowKind
    /// The exact, positive amount and its currency.
    public var amount: Money
    /// When the client instructed the flow, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// When TickFlow received it, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64

    /// Creates a client flow.
    public init(
        id: String, clientId: String, portfolioId: String, kind: ClientFlowKind, amount: Money,
        eventTimeNanos: Int64, ingestTimeNanos: Int64
    ) {
        self.id = id
        self.clientId = clientId
        self.portfolioId = portfolioId
        self.kind = kind
        self.amount = amount
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }

    /// The flow's effect on the portfolio's cash: `+amount` for a subscription, `-amount` for a redemption.
    public var signedAmount: Decimal { kind == .subscription ? amount.amount : -amount.amount }
}
