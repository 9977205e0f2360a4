import Foundation
import Hummingbird
import Model
import NIOCore

/// A live subscription as a Server-Sent Events response: one event per update (`event: quote|topOfBook|bar|risk|
/// anomaly|instrument`, `data:` its JSON, as the other market-data endpoints write it), and a comment line at every
/// heartbeat. It ends when the server shuts down (``LiveUpdates`` closes its subscriptions) or, for a client that
/// went away, at the next write, a heartbeat's at the latest.
enum LiveEventStream {
    static func response(_ subscription: LiveUpdates.Subscription) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { subscription.cancel() }
            try await writer.write(ByteBuffer(string: ": following\n\n"))
            for await event in subscription {
                switch event {
                case .update(let update): try await writer.write(ByteBuffer(bytes: try Self.event(update)))
                case .heartbeat: try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                }
            }
            try await writer.finish(nil)
        })
    }

    /// One SSE event.
    static func event(_ update: MarketViewUpdate) throws -> [UInt8] {
        let (name, data) = try payload(update)
        return Array("event: \(name)\ndata: ".utf8) + Array(data) + Array("\n\n".utf8)
    }

    /// An update's event name and its JSON, as the other market-data endpoints write it: what both live
    /// transports (SSE and ``LiveSocket``) send.
    static func payload(_ update: MarketViewUpdate) throws -> (name: String, json: Data) {
        let encoder = JSONEncoder()
        switch update {
        case .quote(let quote): return ("quote", try encoder.encode(QuoteJSON(quote)))
        case .topOfBook(let book): return ("topOfBook", try encoder.encode(TopOfBookJSON(book)))
        case .bar(let bar): return ("bar", try encoder.encode(BarJSON(bar)))
        case .anomaly(let anomaly): return ("anomaly", try encoder.encode(AnomalyJSON(anomaly)))
        case .risk(let metric): return ("risk", try encoder.encode(LiveRiskJSON(metric)))
        case .instrument(let instrument): return ("instrument", try encoder.encode(["id": instrument.id, "symbol": instrument.symbol]))
        }
    }
}

/// A risk metric on the live stream: the dashboard's metric plus whose it is.
struct LiveRiskJSON: Encodable {
    var portfolioId: String
    var metric: RiskDashboard.MetricJSON

    init(_ metric: RiskMetric) {
        portfolioId = metric.portfolioId
        self.metric = .init(metric)
    }
}
