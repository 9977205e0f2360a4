import SwiftProtobuf

/// Every Protobuf message of the topic contract, by fully qualified name, for tools that handle any topic
/// (`tickflow tail`): decode and validate bytes, render them as JSON.
public enum MessageRegistry {
    private static let types: [any ProtobufRepresentable.Type] = [
        Trade.self, Quote.self, MarketEvent.self, Bar.self, FXRate.self, TopOfBook.self, EnrichedTick.self,
        Instrument.self, NewsItem.self, ClientFlow.self, RiskMetric.self, Anomaly.self, TradingSignal.self,
        DeadLetter.self, PortfolioHoldings.self,
    ]

    /// The fully qualified names of every registered message, e.g. `tickflow.v1.Trade`.
    public static var messageNames: [String] { types.map { $0.protoMessageName }.sorted() }

    /// Decodes `bytes` as the named message, validates it, and renders it as compact Protobuf JSON.
    ///
    /// - Throws: ``ModelError`` (`.decoding` for malformed bytes, `.invalidField` for invalid values, or
    ///   `.invalidValue` for a message name not in the contract).
    public static func json(messageName: String, bytes: [UInt8]) throws -> String {
        guard let type = types.first(where: { $0.protoMessageName == messageName }) else {
            throw ModelError(.invalidValue, "unknown message \(messageName); known: \(messageNames.joined(separator: ", "))")
        }
        return try json(type, bytes: bytes)
    }

    private static func json<T: ProtobufRepresentable>(_ type: T.Type, bytes: [UInt8]) throws -> String {
        let value = try T(serializedBytes: bytes)
        do {
            var options = JSONEncodingOptions()
            options.preserveProtoFieldNames = true
            return try value.proto.jsonString(options: options)
        } catch {
            throw ModelError(.encoding, "cannot render \(T.protoMessageName) as JSON: \(error)", underlying: error)
        }
    }
}
