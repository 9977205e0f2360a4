import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Logging
import Metrics

/// Turns every failure into the API's error body, tags answers with `X-Trace-Id`, and refuses bodies
/// whose declared length is over the limit before reading them.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            if let length = request.headers[.contentLength].flatMap(Int.init), length > LedgerRequestContext.bodyLimit {
                throw ServingError(.payloadTooLarge, "request body of \(length) bytes is over the \(LedgerRequestContext.bodyLimit)-byte limit")
            }
            var response = try await next(request, context)
            response.headers[.traceId] = context.traceId
            return response
        } catch {
            let body: ErrorBody
            var retryAfter: Int?
            switch error {
            case let error as ServingError:
                let status = ErrorBody.status(of: error.code)
                retryAfter = error.retryAfterSeconds
                body = ErrorBody(error: error.code.rawValue, message: error.message, status: Int(status.code), traceId: context.traceId, field: error.field)
                if status.code >= 500 {
                    context.logger.error("ledger API failure", metadata: ["error": "\(error)"])
                }
            case let error as HTTPError:
                body = ErrorBody(
                    error: ErrorBody.code(of: error.status), message: error.body ?? error.status.reasonPhrase,
                    status: Int(error.status.code), traceId: context.traceId)
            default:
                context.logger.error("unexpected API failure", metadata: ["error": "\(error)"])
                body = ErrorBody(error: "INTERNAL_ERROR", message: "internal error", status: 500, traceId: context.traceId)
            }
            // Every refused request is counted by code, so that bad input shows on the dashboards.
            Counter(label: "tickflow_api_errors_total", dimensions: [("code", body.error), ("status", String(body.status))]).increment()
            let data = (try? JSONEncoder().encode(body)) ?? Data()
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.traceId] = context.traceId
            if let retryAfter { headers[.retryAfter] = String(retryAfter) }
            return Response(
                status: .init(code: body.status), headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}

extension HTTPField.Name {
    /// The trace id of a request, also in every error body.
    static let traceId = HTTPField.Name("X-Trace-Id")!
    /// The service API key of system requests.
    static let apiKey = HTTPField.Name("X-API-Key")!
}
