import Foundation
import HTTPTypes

/// Every error answer: `{"error": CODE, "message": …, "status": …, "trace_id": …}` (plus `field` for
/// validation errors).
struct ErrorBody: Codable {
    var error: String
    var message: String
    var status: Int
    var traceId: String
    var field: String?

    enum CodingKeys: String, CodingKey {
        case error, message, status, field
        case traceId = "trace_id"
    }

    /// The HTTP status of a ledger error code.
    static func status(of code: ServingError.Code) -> HTTPResponse.Status {
        switch code {
        case .validation: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict, .invalidState: .conflict
        case .insufficientFunds, .insufficientHoldings, .authorizationExceeded, .noQuote, .noPriceHistory: .unprocessableContent
        case .payloadTooLarge: .contentTooLarge
        case .rateLimited: .tooManyRequests
        case .cacheUnavailable, .cacheCommand, .storage, .migration: .serviceUnavailable
        }
    }

    /// The code of a plain HTTP status (errors raised by the server itself, e.g. an unknown route).
    static func code(of status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "VALIDATION_ERROR"
        case 401: "UNAUTHORIZED"
        case 403: "FORBIDDEN"
        case 404: "NOT_FOUND"
        case 405: "METHOD_NOT_ALLOWED"
        case 413: "PAYLOAD_TOO_LARGE"
        case 415: "UNSUPPORTED_MEDIA_TYPE"
        case 429: "RATE_LIMITED"
        case 500...: "INTERNAL_ERROR"
        default: "HTTP_\(status.code)"
        }
    }
}
