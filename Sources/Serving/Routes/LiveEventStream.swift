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
        let encoder = JSONEncoder()
        let (name, data): (String, Data)
        switch update {
        case .quote(let quote): (name, data) = ("quote", try encoder.encode(QuoteJSON(quote)))
        case .topOfBook(let book): (name, data) = ("topOfBook", try encoder.encode(TopOfBookJSON(book)))
        case .bar(let bar): (name, data) = ("bar", try encoder.encode(BarJSON(bar)))
        case .anomaly(let anomaly): (name, data) = ("anomaly", try encoder.encode(AnomalyJSON(anomaly)))
        case .risk(let metric): (name, data) = ("risk", try encoder.encode(LiveRiskJSON(metric)))
        case .instrument(let instrument): (name, data) = ("instrument", try encoder.encode(["id": instrument.id, "symbol": instrument.symbol]))
        }
        return Array("event: \(name)\ndata: ".utf8) + Array(data) + Array("\n\n".utf8)
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
