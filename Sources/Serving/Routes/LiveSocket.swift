import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Synchronization

/// The request context of WebSocket upgrades. They have a router of their own, so that the API's other requests
/// don't carry the upgrade's bookkeeping.
public struct LiveSocketContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    /// What the upgrade check found the client follows, for the socket's handler: the handler gets a copy of this
    /// context, so the slot is shared by reference and the token and portfolios are checked once.
    let following = FollowedSlot()
    /// The connection, for the client's address (its rate-limit budget when it carries no valid token).
    private let channel: any Channel

    /// The client's address (without port).
    var remoteAddress: String? { channel.remoteAddress?.ipAddress }

    public init(source: Source) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }

    final class FollowedSlot: Sendable {
        private let filter = Mutex<LiveUpdates.Filter?>(nil)
        var value: LiveUpdates.Filter? {
            get { filter.withLock { $0 } }
            set { filter.withLock { $0 = newValue } }
        }
    }
}

/// `GET /api/v1/market-data/ws`: the live updates of ``LiveEventStream`` over a WebSocket, with the same
/// authentication (`Authorization: Bearer`), the same query (`instrumentIds`, `portfolioIds`) and the same bounded
/// per-subscriber queue (a slow client is sampled, never buffered without bound).
///
/// Each update is one text message `{"type": "quote"|"topOfBook"|"bar"|"risk"|"anomaly"|"instrument", "data": …}`
/// (data as the REST endpoints write it), each heartbeat `{"type":"heartbeat"}`. An upgrade counts against the rate
/// limits like any request. A refused upgrade (bad token, unknown portfolio, nothing followed, budget spent) falls
/// through to the HTTP route, which answers it in the error format.
/// The socket closes when the client closes it, when a write fails, or at graceful shutdown (going away).
enum LiveSocket {
    static let path = "/api/v1/market-data/ws"

    static func router(api: LedgerAPI) -> Router<LiveSocketContext> {
        let router = Router(context: LiveSocketContext.self)
        let market = MarketController(api: api)
        router.ws(RouterPath(path)) { request, context in
            do {
                context.following.value = try await market.liveFilter(request)
                // Counted like any other request once it is valid (a refused one is counted by the HTTP route it
                // falls through to, which also answers a spent budget with 429).
                if let limiting = api.rateLimiting {
                    try await RateLimitMiddleware(api: api, limiting: limiting).charge(
                        request, remoteAddress: context.remoteAddress, logger: context.logger)
                }
                return .upgrade([:])
            } catch {
                return .dontUpgrade
            }
        } onUpgrade: { inbound, outbound, context in
            let subscription: LiveUpdates.Subscription
            do throws(ServingError) {
                guard let filter = context.requestContext.following.value else {
                    throw ServingError(.validation, "the upgrade named nothing to follow")
                }
                subscription = try api.live.subscribe(filter)
            } catch {
                // Refused after the upgrade: the hub is full, or shutting down.
                try await outbound.close(.policyViolation, reason: error.message)
                return
            }
            defer { subscription.cancel() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Data from the client is not expected; reading ends when it closes the socket.
                    for try await _ in inbound {}
                }
                group.addTask {
                    for await event in subscription {
                        try await outbound.writeTextMessage(try message(event))
                    }
                    // The subscription ended without the client leaving: the server is shutting down.
                    try await outbound.close(.goingAway, reason: "server shutting down")
                }
                _ = try await group.next()
                group.cancelAll()
            }
        }
        return router
    }

    /// One event as a text message.
    static func message(_ event: LiveUpdates.Event) throws -> String {
        switch event {
        case .heartbeat:
            return #"{"type":"heartbeat"}"#
        case .update(let update):
            let (name, json) = try LiveEventStream.payload(update)
            return #"{"type":""# + name + #"","data":"# + String(decoding: json, as: UTF8.self) + "}"
        }
    }
}
