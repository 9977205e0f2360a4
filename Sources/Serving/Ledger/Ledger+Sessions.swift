import Foundation
import Model

extension Ledger {
    /// Records a new refresh token of a session family.
    public func storeRefreshToken(id: String, userId: String, family: String, expiresAtNanos: Int64) async throws(ServingError) {
        try await store.transaction { sql throws(ServingError) in
            try await sql.execute(
                "INSERT INTO refresh_tokens (id, user_id, family, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)",
                [.text(id), .text(userId), .text(family), .int(expiresAtNanos), .int(Timestamp.now())])
        }
    }

    /// Rotates a refresh token: revokes `id` and records `newId` in the same family.
    ///
    /// Presenting a token that was already rotated or revoked means it leaked: the whole family is
    /// revoked and the call fails.
    ///
    /// - Returns: the user and family of the session.
    /// - Throws: `unauthorized` when the token is unknown, expired, reused, or its user is gone.
    public func rotateRefreshToken(id: String, newId: String, expiresAtNanos: Int64) async throws(ServingError) -> (userId: String, family: String) {
        let (outcome, revokedFamily): (Result<(String, String), ServingError>, String?) = try await store.transaction { sql throws(ServingError) in
            let now = Timestamp.now()
            guard let row = try await sql.query(
                "SELECT t.user_id, t.family, t.expires_at, t.revoked_at, u.deleted_at FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1\(store.dialect.forUpdate)",
                [.text(id)]).first
            else { return (.failure(ServingError(.unauthorized, "unknown refresh token")), nil) }
            let userId = try row.string(0)
            let family = try row.string(1)
            if row.optionalInt(3) != nil {
                try await sql.execute("UPDATE refresh_tokens SET revoked_at = $2 WHERE family = $1 AND revoked_at IS NULL", [.text(family), .int(now)])
                return (.failure(ServingError(.unauthorized, "refresh token already used: the session is revoked")), family)
            }
            guard try row.int(2) > now else { return (.failure(ServingError(.unauthorized, "refresh token expired")), nil) }
            guard row.optionalInt(4) == nil else { return (.failure(ServingError(.unauthorized, "user deleted")), nil) }
            try await sql.execute("UPDATE refresh_tokens SET revoked_at = $2 WHERE id = $1", [.text(id), .int(now)])
            try await sql.execute(
                "INSERT INTO refresh_tokens (id, user_id, family, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)",
                [.text(newId), .text(userId), .text(family), .int(expiresAtNanos), .int(now)])
            return (.success((userId, family)), nil)
        }
        // The family revocation above must commit, so the failure is thrown after the transaction.
        switch outcome {
        case .success(let value): return (value.0, value.1)
        case .failure(let error):
            if let revokedFamily { sessions.invalidate(family: revokedFamily) }
            throw error
        }
    }

    /// Revokes every refresh token of the session that `id` belongs to (logout).
    ///
    /// - Returns: whether the token was known and belonged to `userId`.
    @discardableResult
    public func revokeSession(refreshTokenId id: String, userId: String) async throws(ServingError) -> Bool {
        let revoked: String? = try await store.transaction { sql throws(ServingError) in
            let rows = try await sql.query("SELECT family FROM refresh_tokens WHERE id = $1 AND user_id = $2", [.text(id), .text(userId)])
            guard let family = rows.first?.optionalString(0) else { return nil }
            try await sql.execute(
                "UPDATE refresh_tokens SET revoked_at = $2 WHERE family = $1 AND revoked_at IS NULL",
                [.text(family), .int(Timestamp.now())])
            return family
        }
        guard let revoked else { return false }
        sessions.invalidate(family: revoked)
        return true
    }

    /// The role of a user who exists and whose session `family` is not logged out; nil otherwise.
    /// Every authenticated request asks this, so deleted users and revoked sessions stop at once; the
    /// answer is cached for ``SessionCache/lifetime``, and the revocations of this ledger clear it.
    public func activeRole(userId: String, sessionFamily family: String) async throws(ServingError) -> UserRole? {
        if let role = sessions.role(userId: userId, family: family) { return role }
        let generation = sessions.generation()
        let role = try await store.read { sql throws(ServingError) in
            let rows = try await sql.query(
                "SELECT u.role FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family = $2 AND t.revoked_at IS NULL)",
                [.text(userId), .text(family)])
            return rows.first?.optionalString(0).flatMap(UserRole.init(rawValue:))
        }
        if let role { sessions.store(userId: userId, family: family, role: role, generation: generation) }
        return role
    }
}
