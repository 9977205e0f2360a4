import Foundation
import Model
import NIOHTTP1
import Serving
import Testing

/// Tokens: rotation, reuse detection, logout, and every kind of bad token answered 401.
@Suite struct AuthenticationTests {
    @Test func loginRefreshRotatesAndReuseRevokesTheSession() async throws {
        try await withLiveServer { server in
            let email = "ada-\(UUID().uuidString.prefix(6))@example.com"
            let registered = try await server.call(.POST, "/api/v1/users/register", body: ["email": email, "password": "correct horse", "name": "Ada"])
            #expect(registered.status == 201)
            let wrong = try await server.call(.POST, "/api/v1/users/login", body: ["email": email, "password": "wrong horse!"])
            #expect(wrong.status == 401)
            let login = try await server.call(.POST, "/api/v1/users/login", body: ["email": email.uppercased(), "password": "correct horse"])
            #expect(login.status == 200)
            #expect(login["expiresIn"] as? Int == 3600)
            let first = try #require(login.string("refreshToken"))
            let rotated = try await server.call(.POST, "/api/v1/users/refresh", body: ["refreshToken": first])
            #expect(rotated.status == 200)
            let second = try #require(rotated.string("refreshToken"))
            let access = try #require(rotated.string("accessToken"))
            #expect(second != first)
            #expect(try await server.call(.GET, "/api/v1/balance", token: access).status == 200)
            // The first token again: a replay. The whole session dies, including the rotated tokens.
            let replay = try await server.call(.POST, "/api/v1/users/refresh", body: ["refreshToken": first])
            #expect(replay.status == 401)
            #expect(try await server.call(.POST, "/api/v1/users/refresh", body: ["refreshToken": second]).status == 401)
            #expect(try await server.call(.GET, "/api/v1/balance", token: access).status == 401)
            // An access token is not a refresh token.
            #expect(try await server.call(.POST, "/api/v1/users/refresh", body: ["refreshToken": access]).status == 401)
        }
    }

    @Test func logoutRevokesTheSessionsTokens() async throws {
        try await withLiveServer { server in
            let ada = try await server.register()
            // A request first, so that the session is cached when the logout revokes it.
            #expect(try await server.call(.GET, "/api/v1/balance", token: ada.token).status == 200)
            #expect(try await server.call(.POST, "/api/v1/users/logout", token: ada.token, body: ["refreshToken": ada.refresh]).status == 204)
            #expect(try await server.call(.GET, "/api/v1/balance", token: ada.token).status == 401)
            #expect(try await server.call(.POST, "/api/v1/users/refresh", body: ["refreshToken": ada.refresh]).status == 401)
        }
    }

    @Test func badSignatureAlgNoneExpiredAndDeletedUsersAreRejected() async throws {
        try await withLiveServer { server in
            let ada = try await server.register()
            let parts = ada.token.split(separator: ".").map(String.init)
            #expect(parts.count == 3)
            // Bad signature: same header and claims, signature of another key.
            let forger = await TokenService(secret: "another-secret-another-secret-00")
            let forged = try await forger.login(User(id: ada.id, email: "x@example.com", name: "X", role: .admin, createdAtNanos: 0, updatedAtNanos: 0), ledger: server.fixture.ledger)
            #expect(try await server.call(.GET, "/api/v1/balance", token: forged.accessToken).status == 401)
            let tampered = parts[0] + "." + parts[1] + "." + String(parts[2].reversed())
            #expect(try await server.call(.GET, "/api/v1/balance", token: tampered).status == 401)
            // alg: none with the genuine claims and no signature.
            let none = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64EncodedString()
                .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            #expect(try await server.call(.GET, "/api/v1/balance", token: "\(none).\(parts[1]).").status == 401)
            // Expired: signed with the server's key, a lifetime already over.
            let expiring = await TokenService(secret: LiveLedgerServer.secret, accessLifetime: .seconds(-60))
            let user = try #require(try await server.fixture.ledger.user(id: ada.id))
            let expired = try await expiring.login(user, ledger: server.fixture.ledger)
            #expect(try await server.call(.GET, "/api/v1/balance", token: expired.accessToken).status == 401)
            // Garbage and a wrong scheme.
            #expect(try await server.call(.GET, "/api/v1/balance", token: "abc").status == 401)
            #expect(try await server.call(.GET, "/api/v1/balance", headers: [("Authorization", "Basic YTpi")]).status == 401)
            // A deleted user's valid token.
            #expect(try await server.call(.GET, "/api/v1/balance", token: ada.token).status == 200)
            #expect(try await server.call(.DELETE, "/api/v1/users/\(ada.id)", token: ada.token).status == 204)
            let afterDelete = try await server.call(.GET, "/api/v1/balance", token: ada.token)
            #expect(afterDelete.status == 401)
            #expect(afterDelete.string("error") == "UNAUTHORIZED")
        }
    }

    @Test func rolesAreEnforced() async throws {
        try await withLiveServer { server in
            let bob = try await server.register("broker", name: "Bob")
            let selfAdmin = try await server.call(.POST, "/api/v1/users/register", body: ["email": "root@example.com", "password": "correct horse", "name": "Root", "type": "admin"])
            #expect(selfAdmin.status == 400)
            let admin = try await server.call(.POST, "/api/v1/users/register", apiKey: LiveLedgerServer.apiKey, body: ["email": "root@example.com", "password": "correct horse", "name": "Root", "type": "admin"])
            #expect(admin.status == 201)
            let brokerGrant = try await server.call(.POST, "/api/v1/authorizations", token: bob.token, body: ["type": "Capital", "brokerId": bob.id, "limit": "5"])
            #expect(brokerGrant.status == 403)
            let adminToken = try #require(admin.string("accessToken"))
            let adminOrder = try await server.call(.POST, "/api/v1/orders", token: adminToken, body: ["stockId": "AAPL", "side": "buy", "type": "market", "quantity": "1"])
            #expect(adminOrder.status == 403)
        }
    }
}
