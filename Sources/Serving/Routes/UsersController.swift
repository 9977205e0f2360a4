import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Model

/// `/users`: register, login, refresh, logout, list, get, update, delete.
struct UsersController {
    let api: LedgerAPI

    struct RegisterBody: Decodable {
        var email: String
        var password: String
        var name: String
        var type: UserRole?
    }

    struct LoginBody: Decodable {
        var email: String
        var password: String
    }

    struct RefreshBody: Decodable {
        var refreshToken: String
    }

    struct UpdateBody: Decodable {
        var name: String?
        var email: String?
    }

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.post("users/register") { request, context in
            var request = request
            let body = try await request.decodeJSON(RegisterBody.self, context: context)
            let role = body.type ?? .investor
            if role == .admin || role == .system {
                // Only a system request (API key) may create an admin; nobody registers as `system`.
                let caller = request.headers[.apiKey] != nil ? try await api.authenticate(request) : nil
                guard role == .admin, caller?.role == .system else {
                    throw ServingError(.validation, field: "type", "type must be investor or broker")
                }
            }
            guard (8...128).contains(body.password.count) else {
                throw ServingError(.validation, field: "password", "password must have 8 to 128 characters")
            }
            let hash = try await api.passwords.hash(body.password)
            let user = try await api.ledger.register(email: body.email, name: body.name, role: role, passwordHash: hash)
            let tokens = try await api.tokens.login(user, ledger: api.ledger)
            return try JSONResponse.make(TokensJSON(tokens), status: .created)
        }
        group.post("users/login") { request, context in
            var request = request
            let body = try await request.decodeJSON(LoginBody.self, context: context)
            // The same answer for an unknown e-mail and a wrong password.
            let denied = ServingError(.unauthorized, "wrong e-mail or password")
            guard let found = try await api.ledger.credentials(email: body.email) else { throw denied }
            guard try await api.passwords.verify(body.password, hash: found.passwordHash) else { throw denied }
            return try JSONResponse.make(TokensJSON(try await api.tokens.login(found.user, ledger: api.ledger)))
        }
        group.post("users/refresh") { request, context in
            var request = request
            let body = try await request.decodeJSON(RefreshBody.self, context: context)
            return try JSONResponse.make(TokensJSON(try await api.tokens.refresh(body.refreshToken, ledger: api.ledger)))
        }
        group.post("users/logout") { request, context in
            var request = request
            let principal = try await api.authenticate(request)
            let body = try await request.decodeJSON(RefreshBody.self, context: context)
            try await api.tokens.logout(body.refreshToken, userId: principal.userId, ledger: api.ledger)
            return JSONResponse.noContent()
        }
        group.get("users") { request, context in
            let principal = try await api.authenticate(request)
            var role: UserRole?
            if let type = request.query("type") {
                guard let parsed = UserRole(rawValue: type), parsed == .investor || parsed == .broker else {
                    throw ServingError(.validation, field: "type", "type must be investor or broker")
                }
                role = parsed
            }
            let page = try await api.ledger.users(role: role, page: try request.pageRequest())
            return try JSONResponse.make(PageJSON(page) { UserJSON($0, showEmail: principal.seesEverything || $0.id == principal.userId) })
        }
        group.get("users/:userId") { request, context in
            let principal = try await api.authenticate(request)
            let id = try LedgerAPI.parameter("userId", context)
            guard let user = try await api.ledger.user(id: id) else { throw ServingError(.notFound, "user \(id) not found") }
            return try JSONResponse.make(UserJSON(user, showEmail: principal.seesEverything || id == principal.userId))
        }
        group.put("users/:userId") { request, context in
            var request = request
            let principal = try await api.authenticate(request)
            let id = try LedgerAPI.parameter("userId", context)
            guard id == principal.userId || principal.seesEverything else {
                throw ServingError(.forbidden, "only the user or an admin may change a profile")
            }
            let body = try await request.decodeJSON(UpdateBody.self, context: context)
            let user = try await api.ledger.updateUser(id: id, name: body.name, email: body.email, actor: principal)
            return try JSONResponse.make(UserJSON(user, showEmail: true))
        }
        group.delete("users/:userId") { request, context in
            let principal = try await api.authenticate(request)
            let id = try LedgerAPI.parameter("userId", context)
            guard id == principal.userId || principal.seesEverything else {
                throw ServingError(.forbidden, "only the user or an admin may delete an account")
            }
            try await api.ledger.deleteUser(id: id, actor: principal)
            return JSONResponse.noContent()
        }
    }
}
