import Foundation
import Model

extension Ledger {
    /// Registers a user (with an empty wallet).
    ///
    /// - Throws: ``ServingError`` `conflict` when the e-mail is taken, `validation` for a bad field.
    public func register(email: String, name: String, role: UserRole, passwordHash: String) async throws(ServingError) -> User {
        let email = try Self.validEmail(email)
        let name = try Self.validName(name)
        let now = Timestamp.now()
        let user = User(id: LedgerID.make(), email: email, name: name, role: role, createdAtNanos: now, updatedAtNanos: now)
        let currency = self.currency
        do {
            try await store.transaction { sql throws(ServingError) in
                try await sql.execute(
                    "INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
                    [.text(user.id), .text(email), .text(name), .text(role.rawValue), .text(passwordHash), .int(now)])
                try await sql.execute(
                    "INSERT INTO wallets (user_id, currency, balance, reserved, updated_at) VALUES ($1, $2, $3, $3, $4)",
                    [.text(user.id), .text(currency), .decimal(0), .int(now)])
                try await audit(sql, .user, user.id, owner: user.id, actor: user.id, "user.registered", ["role": role.rawValue])
            }
        } catch where error.code == .conflict {
            throw ServingError(.conflict, field: "email", "\(email) is already registered")
        }
        return user
    }

    /// The user and password hash registered under `email`, nil when there is none.
    public func credentials(email: String) async throws(ServingError) -> (user: User, passwordHash: String)? {
        let email = email.lowercased()
        return try await store.read { sql throws(ServingError) in
            let rows = try await sql.query(
                "SELECT id, email, name, role, created_at, updated_at, password_hash FROM users WHERE email = $1 AND deleted_at IS NULL",
                [.text(email)])
            guard let row = rows.first else { return nil }
            return (try Self.user(row), try row.string(6))
        }
    }

    /// The user with this id, nil when there is none or it was deleted.
    public func user(id: String) async throws(ServingError) -> User? {
        try await store.read { sql throws(ServingError) in
            try await sql.query("\(Self.userColumns) WHERE id = $1 AND deleted_at IS NULL", [.text(id)]).first.map(Self.user)
        }
    }

    /// Users, optionally only one role, in registration order.
    public func users(role: UserRole?, page: PageRequest) async throws(ServingError) -> Page<User> {
        try await store.read { sql throws(ServingError) in
            var filter = "deleted_at IS NULL"
            var binds: [SQLValue] = []
            if let role {
                filter += " AND role = $1"
                binds.append(.text(role.rawValue))
            }
            return try await self.page(sql, select: Self.userColumns, filter: filter, binds: binds, page: page, map: Self.user, id: \.id)
        }
    }

    /// Changes a user's name and/or e-mail.
    ///
    /// - Throws: `notFound`, `conflict` (e-mail taken), `validation`.
    public func updateUser(id: String, name: String?, email: String?, actor: Principal) async throws(ServingError) -> User {
        let newName = try name.map(Self.validName)
        let newEmail = try email.map(Self.validEmail)
        do {
            return try await store.transaction { sql throws(ServingError) in
                guard var user = try await sql.query("\(Self.userColumns) WHERE id = $1 AND deleted_at IS NULL\(store.dialect.forUpdate)", [.text(id)]).first.map(Self.user) else {
                    throw Self.notFound("user", id)
                }
                if let newName { user.name = newName }
                if let newEmail { user.email = newEmail }
                user.updatedAtNanos = Timestamp.now()
                try await sql.execute(
                    "UPDATE users SET name = $2, email = $3, updated_at = $4 WHERE id = $1",
                    [.text(id), .text(user.name), .text(user.email), .int(user.updatedAtNanos)])
                try await audit(sql, .user, id, owner: id, actor: actor.userId, "user.updated", ["name": user.name, "email": user.email])
                return user
            }
        } catch where error.code == .conflict {
            throw ServingError(.conflict, field: "email", "\(newEmail ?? "") is already registered")
        }
    }

    /// Deletes a user: their tokens stop working at once.
    public func deleteUser(id: String, actor: Principal) async throws(ServingError) {
        try await store.transaction { sql throws(ServingError) in
            let now = Timestamp.now()
            let rows = try await sql.query(
                "UPDATE users SET deleted_at = $2, email = id || '@deleted.invalid' WHERE id = $1 AND deleted_at IS NULL RETURNING id",
                [.text(id), .int(now)])
            guard !rows.isEmpty else { throw Self.notFound("user", id) }
            try await sql.execute("UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL", [.text(id), .int(now)])
            try await audit(sql, .user, id, owner: id, actor: actor.userId, "user.deleted", [:])
        }
        sessions.invalidate(userId: id)
    }

    static func validEmail(_ email: String) throws(ServingError) -> String {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !email.contains(" ")
        else {
            throw ServingError(.validation, field: "email", "email must be an address like name@example.com")
        }
        return email
    }

    static func validName(_ name: String) throws(ServingError) -> String {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count) else {
            throw ServingError(.validation, field: "name", "name must have 1 to 200 characters")
        }
        return name
    }
}
