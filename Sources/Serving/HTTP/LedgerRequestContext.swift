import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The request context of the ledger API: Hummingbird's core storage, the trace id of the request,
/// and the body size limit.
public struct LedgerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The id that ties an answer (`X-Trace-Id`, error bodies) to the server's log lines (`trace_id`): the caller's
    /// W3C trace id when it sent a `traceparent`, else a new random one (32 hexadecimal digits).
    public var traceId: String
    /// The connection, asked for the client's address only when a request needs it (reading it takes the
    /// channel's lock, and most requests are authenticated).
    private let channel: any Channel

    /// The client's address (without port), the key of its rate-limit budget when it is not authenticated.
    public var remoteAddress: String? { channel.remoteAddress?.ipAddress }

    public init(source: Source) {
        coreContext = .init(source: source)
        traceId = TraceId.random().text
        channel = source.channel
    }

    /// Request bodies over this many bytes are answered 413.
    public var maxUploadSize: Int { LedgerRequestContext.bodyLimit }

    /// The body limit (64 KiB): every request body of this API is a small JSON object.
    public static let bodyLimit = 64 * 1024
}
