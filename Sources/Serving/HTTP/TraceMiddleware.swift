import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Gives each request its trace id and puts it in the request's logger (`trace_id`), so that every log line
/// written while answering carries it, as do the `X-Trace-Id` header and error bodies. A caller that sends a
/// W3C `traceparent` header has its trace id kept, joining the API's lines to the caller's trace; otherwise the
/// id made with the context is used. Each answer is logged at debug level with its method, route, status and
/// duration. Outermost, so that the other middleware logs with the id too.
struct TraceMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let parent = request.headers[.traceparent], let id = TraceId(traceparent: parent) { context.traceId = id.text }
        context.logger[metadataKey: "trace_id"] = .string(context.traceId)
        guard context.logger.logLevel <= .debug else { return try await next(request, context) }
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        context.logger.debug("answered", metadata: [
            "method": .string(request.method.rawValue), "route": .string(context.endpointPath ?? request.uri.path),
            "status": .stringConvertible(response.status.code), "duration_us": .stringConvertible(elapsed.nanoseconds / 1_000),
        ])
        return response
    }
}

/// A W3C trace id: 32 lowercase hexadecimal digits, not all zero.
struct TraceId: Sendable, Hashable {
    let text: String

    /// A new id, unique in the process and unguessable across processes: a counter mixed by SplitMix64 with a
    /// per-process random seed. Made for every request, so no system call (the system generator's `getrandom`
    /// showed in profiles) and written straight into the string's storage.
    static func random() -> TraceId {
        let count = counter.add(1, ordering: .relaxed).newValue
        var words = (mix(seed.0 &+ count), mix(seed.1 &+ count))
        // All zeros is invalid; two mixed words are never both zero in practice, but the rule is cheap to keep.
        if words == (0, 0) { words.1 = 1 }
        let text = String(unsafeUninitializedCapacity: 32) { buffer in
            for (offset, word) in [words.0, words.1].enumerated() {
                for nibble in 0..<16 {
                    let value = UInt8(truncatingIfNeeded: word >> (60 - 4 * nibble)) & 0xF
                    buffer[offset * 16 + nibble] = value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
                }
            }
            return 32
        }
        return TraceId(text: text)
    }

    private static let seed: (UInt64, UInt64) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }()
    private static let counter = Atomic<UInt64>(0)

    /// SplitMix64's finaliser: a bijection, so distinct counters give distinct words.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private init(text: String) { self.text = text }

    /// The trace id of a `traceparent` header (`version-traceid-parentid-flags`), nil when the header is not one.
    init?(traceparent: String) {
        let parts = traceparent.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", parts[1].count == 32, parts[2].count == 16,
            parts[1].utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }),
            parts[1].contains(where: { $0 != "0" })
        else { return nil }
        text = String(parts[1])
    }
}

extension HTTPField.Name {
    /// W3C Trace Context's parent header.
    static let traceparent = HTTPField.Name("traceparent")!
}
