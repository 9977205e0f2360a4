import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Model

/// A decimal in a request body: a plain decimal string (`"1250.50"`, preferred) or a JSON number,
/// parsed exactly either way.
struct DecimalInput: Decodable, Sendable {
    var value: Decimal

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            do { value = try DecimalString.parse(text) } catch {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
            }
        } else if let number = try? container.decode(Decimal.self) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a decimal string like \"100.25\"")
        }
    }
}

extension Request {
    /// Reads the body (up to the limit, else 413) and decodes it, naming the field of any decoding error.
    mutating func decodeJSON<Body: Decodable>(_ type: Body.Type, context: LedgerRequestContext) async throws -> Body {
        let buffer: ByteBuffer
        do { buffer = try await collectBody(upTo: context.maxUploadSize) } catch {
            let tooLarge = (error as? HTTPError)?.status == .contentTooLarge || "\(Swift.type(of: error))".contains("TooManyBytes")
            guard tooLarge else { throw error }
            throw ServingError(.payloadTooLarge, "request body is over the \(context.maxUploadSize)-byte limit")
        }
        guard buffer.readableBytes > 0 else { throw ServingError(.validation, field: "body", "a JSON object body is required") }
        do {
            return try JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw Self.validation(error)
        } catch {
            throw ServingError(.validation, field: "body", "the body is not valid JSON")
        }
    }

    private static func validation(_ error: DecodingError) -> ServingError {
        func path(_ codingPath: [any CodingKey]) -> String {
            let names = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "body" : names.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return ServingError(.validation, field: field, "\(field) is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = path(context.codingPath)
            return ServingError(.validation, field: field, "\(field) has the wrong type")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return ServingError(.validation, field: field, field == "body" ? "the body is not valid JSON" : "\(field) is invalid: \(context.debugDescription)")
        @unknown default:
            return ServingError(.validation, field: "body", "the body is invalid")
        }
    }

    /// A query parameter, nil when absent.
    func query(_ name: String) -> String? {
        uri.queryParameters[name[...]].map(String.init)
    }

    /// The `limit` and `cursor` query parameters.
    func pageRequest() throws(ServingError) -> PageRequest {
        try PageRequest(limit: query("limit"), cursor: query("cursor"))
    }
}

/// JSON answers.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder().encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The faster path of answers that write their own JSON.
    static func make(_ value: some Encodable & JSONWritable, status: HTTPResponse.Status = .ok) throws -> Response {
        var writer = JSONWriter()
        value.write(to: &writer)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }

    static func noContent() -> Response { Response(status: .noContent) }
}
