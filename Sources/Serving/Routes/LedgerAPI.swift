import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Model

/// What every controller shares: the ledger, token and password services, the system API key, the price
/// history and the market data.
public struct LedgerAPI: Sendable {
    public let ledger: Ledger
    public let tokens: TokenService
    public let passwords: PasswordHasher
    /// The key of system (service-to-service) requests, sent as `X-API-Key`; nil disables them.
    public let systemAPIKey: String?
    /// Past prices that portfolio performance is measured with; nil when the server keeps none (performance
    /// requests then answer 422 `NO_PRICE_HISTORY`).
    public let priceHistory: (any PriceHistory)?
    /// The live market views and bar history of the market-data endpoints.
    public let market: MarketData
    /// The request budgets of `/api/v1` and their counters; nil turns rate limiting off.
    public let rateLimiting: RateLimiting?
    /// The metrics `/metrics` renders.
    public let observability: Observability
    /// The live event streams' fan-out (fed by the views sink).
    public let live: LiveUpdates
    /// The currency the risk endpoints value positions and report amounts in: the stream's base currency, which
    /// bars carry their notionals in (`USD` by default).
    public let baseCurrency: String

    /// Creates the API.
    public init(
        ledger: Ledger, tokens: TokenService, passwords: PasswordHasher, systemAPIKey: String?, priceHistory: (any PriceHistory)? = nil,
        market: MarketData = MarketData(), rateLimiting: RateLimiting? = RateLimiting(), observability: Observability = Observability(),
        live: LiveUpdates = LiveUpdates(), baseCurrency: String = "USD"
    ) {
        self.ledger = ledger
        self.baseCurrency = baseCurrency
        self.live = live
        self.observability = observability
        self.market = market
        self.rateLimiting = rateLimiting
        self.tokens = tokens
        self.passwords = passwords
        self.systemAPIKey = systemAPIKey
        self.priceHistory = priceHistory
    }

    /// Who is calling: a system request (valid `X-API-Key`) or a user (`Authorization: Bearer <access token>`
    /// of an existing user whose session is not logged out).
    ///
    /// - Throws: ``ServingError`` `unauthorized`.
    func authenticate(_ request: Request) async throws(ServingError) -> Principal {
        if let key = request.headers[.apiKey] {
            guard let systemAPIKey, Self.constantTimeEquals(key, systemAPIKey) else {
                throw ServingError(.unauthorized, "invalid API key")
            }
            return .system
        }
        guard let token = try Self.bearerToken(request) else {
            throw ServingError(.unauthorized, "missing Authorization: Bearer token")
        }
        let identity = try await tokens.verifyAccess(token)
        guard let role = try await ledger.activeRole(userId: identity.userId, sessionFamily: identity.sessionFamily) else {
            throw ServingError(.unauthorized, "the token's user or session no longer exists")
        }
        return Principal(userId: identity.userId, role: role)
    }

    /// The token of an `Authorization: Bearer <token>` header; nil without the header.
    ///
    /// - Throws: ``ServingError`` `unauthorized` when the header is not a bearer token.
    static func bearerToken(_ request: Request) throws(ServingError) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        // By hand, not Foundation's trimming: this runs on every request, and bridging a token through NSString
        // cost more than the rest of authentication.
        let parts = header.utf8.split(separator: UInt8(ascii: " "), maxSplits: 1)
        guard parts.count == 2, parts[0].count == 6, String(Substring(parts[0])).lowercased() == "bearer" else {
            throw ServingError(.unauthorized, "Authorization must be a Bearer token")
        }
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = parts[1].firstIndex(where: { !isSpace($0) }), let last = parts[1].lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(Substring(parts[1][first...last]))
    }

    /// Authenticates a user (not the system key) with one of `roles`.
    func authenticate(_ request: Request, roles: Set<UserRole>) async throws(ServingError) -> Principal {
        let principal = try await authenticate(request)
        guard roles.contains(principal.role) else {
            throw ServingError(.forbidden, "this endpoint is for \(roles.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        return principal
    }

    /// Whose wallet, transactions or holdings a read is about: the caller's own, or, for admins, the user
    /// named by `?userId=`.
    ///
    /// - Throws: ``ServingError`` `forbidden` when anyone else names another user.
    static func owner(_ request: Request, _ principal: Principal) throws(ServingError) -> String {
        guard let named = request.query("userId"), named != principal.userId else { return principal.userId }
        guard principal.seesEverything else { throw ServingError(.forbidden, "only admins read another user's wallet and holdings") }
        return named
    }

    /// The owner an item lookup is restricted to: the caller, or nobody for admins (any user's item).
    static func itemOwner(_ principal: Principal) -> String? {
        principal.seesEverything ? nil : principal.userId
    }

    /// A path parameter.
    static func parameter(_ name: String, _ context: LedgerRequestContext) throws(ServingError) -> String {
        guard let value = context.parameters.get(name) else { throw ServingError(.validation, field: name, "\(name) is required") }
        return value
    }

    private static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
