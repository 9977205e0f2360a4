import Foundation
import JWTKit
import Model

/// Issues and verifies JWTs (HS256): access tokens valid 1 hour, refresh tokens valid 7 days, rotated on
/// every refresh; the refresh family is recorded in the ledger so that logout and reuse revoke it.
public struct TokenService: Sendable {
    /// A pair handed to a client at login and at every refresh.
    public struct Tokens: Sendable {
        public var accessToken: String
        public var refreshToken: String
        /// Seconds the access token is valid for.
        public var expiresIn: Int
        public var user: User
    }

    /// The identity an access token carries.
    public struct Identity: Sendable {
        public var userId: String
        public var role: UserRole
        public var sessionFamily: String
    }

    /// Access token lifetime (1 hour).
    public let accessLifetime: Duration
    /// Refresh token lifetime (7 days).
    public let refreshLifetime: Duration
    private let keys: JWTKeyCollection
    private let verified = VerifiedTokens()

    /// Creates the service with the HMAC secret that signs every token.
    public init(secret: String, accessLifetime: Duration = .seconds(3600), refreshLifetime: Duration = .seconds(7 * 24 * 3600)) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.accessLifetime = accessLifetime
        self.refreshLifetime = refreshLifetime
    }

    /// Starts a session for `user`: a new family, an access and a refresh token.
    public func login(_ user: User, ledger: Ledger) async throws(ServingError) -> Tokens {
        let family = LedgerID.make()
        let refreshId = LedgerID.make()
        let expires = Date().addingTimeInterval(Self.seconds(refreshLifetime))
        try await ledger.storeRefreshToken(id: refreshId, userId: user.id, family: family, expiresAtNanos: Timestamp.nanos(from: expires))
        return try await tokens(user: user, family: family, refreshId: refreshId, refreshExpires: expires)
    }

    /// Rotates a refresh token into a new pair; reusing an old refresh token revokes the session.
    ///
    /// - Throws: ``ServingError`` `unauthorized`.
    public func refresh(_ refreshToken: String, ledger: Ledger) async throws(ServingError) -> Tokens {
        let claims = try await verify(refreshToken, kind: .refresh)
        let newId = LedgerID.make()
        let expires = Date().addingTimeInterval(Self.seconds(refreshLifetime))
        let session = try await ledger.rotateRefreshToken(id: claims.jti.value, newId: newId, expiresAtNanos: Timestamp.nanos(from: expires))
        guard let user = try await ledger.user(id: session.userId) else { throw ServingError(.unauthorized, "user deleted") }
        return try await tokens(user: user, family: session.family, refreshId: newId, refreshExpires: expires)
    }

    /// Ends the session of a refresh token.
    public func logout(_ refreshToken: String, userId: String, ledger: Ledger) async throws(ServingError) {
        let claims = try await verify(refreshToken, kind: .refresh)
        guard claims.sub.value == userId, try await ledger.revokeSession(refreshTokenId: claims.jti.value, userId: userId) else {
            throw ServingError(.validation, field: "refreshToken", "not a refresh token of this user")
        }
    }

    /// Verifies an access token's signature, algorithm, expiry and kind (a token that passed is recognised
    /// without verifying it again until it expires: ``VerifiedTokens``).
    ///
    /// - Throws: ``ServingError`` `unauthorized`.
    public func verifyAccess(_ token: String) async throws(ServingError) -> Identity {
        if let identity = verified.identity(of: token) { return identity }
        let claims = try await verify(token, kind: .access)
        guard let role = UserRole(rawValue: claims.role) else { throw ServingError(.unauthorized, "token names an unknown role") }
        let identity = Identity(userId: claims.sub.value, role: role, sessionFamily: claims.sid)
        verified.store(token, identity: identity, expiresAtNanos: Timestamp.nanos(from: claims.exp.value))
        return identity
    }

    private func tokens(user: User, family: String, refreshId: String, refreshExpires: Date) async throws(ServingError) -> Tokens {
        let now = Date()
        let access = TokenClaims(
            sub: .init(value: user.id), exp: .init(value: now.addingTimeInterval(Self.seconds(accessLifetime))),
            iat: .init(value: now), jti: .init(value: LedgerID.make()), sid: family, typ: .access, role: user.role.rawValue)
        let refresh = TokenClaims(
            sub: .init(value: user.id), exp: .init(value: refreshExpires), iat: .init(value: now),
            jti: .init(value: refreshId), sid: family, typ: .refresh, role: user.role.rawValue)
        do {
            return Tokens(
                accessToken: try await keys.sign(access), refreshToken: try await keys.sign(refresh),
                expiresIn: Int(Self.seconds(accessLifetime)), user: user)
        } catch {
            throw ServingError(.storage, "cannot sign token: \(error)")
        }
    }

    private func verify(_ token: String, kind: TokenClaims.Kind) async throws(ServingError) -> TokenClaims {
        // Only HS256 is ever issued: refuse `alg: none` and every other algorithm before the library looks.
        guard Self.algorithm(of: token) == "HS256" else { throw ServingError(.unauthorized, "token algorithm must be HS256") }
        let claims: TokenClaims
        do { claims = try await keys.verify(token, as: TokenClaims.self) } catch {
            throw ServingError(.unauthorized, "invalid or expired token")
        }
        guard claims.typ == kind else { throw ServingError(.unauthorized, "a \(claims.typ.rawValue) token is not a \(kind.rawValue) token") }
        return claims
    }

    /// The `alg` of a compact JWS header, nil when it does not parse.
    static func algorithm(of token: String) -> String? {
        guard let header = token.split(separator: ".", omittingEmptySubsequences: false).first else { return nil }
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["alg"] as? String
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }
}
