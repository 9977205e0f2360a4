import Foundation
import JWTKit

/// The claims of an access token (1 hour) or a refresh token (7 days).
struct TokenClaims: JWTPayload {
    /// `access` or `refresh`: a refresh token is never accepted as an access token, and back.
    enum Kind: String, Codable {
        case access
        case refresh
    }

    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    /// Token id; for refresh tokens the row in `refresh_tokens`.
    var jti: IDClaim
    /// Session family: every rotation of one login shares it, and logout revokes it.
    var sid: String
    var typ: Kind
    var role: String

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
