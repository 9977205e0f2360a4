import Foundation
import Model

/// JSON shapes of the API's resources. Money, units and prices are decimal strings, never floats.
struct UserJSON: Encodable {
    var id: String
    var email: String?
    var name: String
    var type: String
    var createdAt: String
    var updatedAt: String

    init(_ user: User, showEmail: Bool) {
        id = user.id
        email = showEmail ? user.email : nil
        name = user.name
        type = user.role.rawValue
        createdAt = Timestamp.iso8601(user.createdAtNanos)
        updatedAt = Timestamp.iso8601(user.updatedAtNanos)
    }
}

struct TokensJSON: Encodable {
    var accessToken: String
    var refreshToken: String
    var tokenType = "Bearer"
    var expiresIn: Int
    var user: UserJSON

    init(_ tokens: TokenService.Tokens) {
        accessToken = tokens.accessToken
        refreshToken = tokens.refreshToken
        expiresIn = tokens.expiresIn
        user = UserJSON(tokens.user, showEmail: true)
    }
}

struct WalletJSON: Encodable {
    var userId: String
    var currency: String
    var balance: String
    var reserved: String
    var available: String
    var updatedAt: String

    init(_ wallet: Wallet) {
        userId = wallet.userId
        currency = wallet.currency
        balance = LedgerJSON.money(wallet.balance)
        reserved = LedgerJSON.money(wallet.reserved)
        available = LedgerJSON.money(wallet.available)
        updatedAt = Timestamp.iso8601(wallet.updatedAtNanos)
    }
}

struct TransactionJSON: Encodable {
    var id: String
    var userId: String
    var type: String
    var amount: String
    var balanceAfter: String
    var orderId: String?
    var createdAt: String

    init(_ transaction: WalletTransaction) {
        id = transaction.id
        userId = transaction.userId
        type = transaction.kind.rawValue
        amount = LedgerJSON.money(transaction.amount)
        balanceAfter = LedgerJSON.money(transaction.balanceAfter)
        orderId = transaction.orderId
        createdAt = Timestamp.iso8601(transaction.createdAtNanos)
    }
}

struct StockJSON: Encodable {
    var id: String
    var symbol: String
    var name: String
    var currency: String
    var sector: String
    var region: String
    var venue: String
    var price: String

    init(_ listing: StockCatalog.Listing, quote: MarketQuote?) {
        id = listing.instrument.id
        symbol = listing.instrument.symbol
        name = listing.instrument.name
        currency = listing.instrument.currency
        sector = listing.instrument.sector
        region = listing.instrument.region
        venue = listing.instrument.venue
        // A one-sided book (a side priced 0) is marked at its other side.
        let mid = quote.flatMap { $0.bid > 0 && $0.ask > 0 ? ($0.bid + $0.ask) / 2 : [$0.bid, $0.ask].first { $0 > 0 } } ?? listing.price
        price = DecimalString.format(LedgerDecimal.round(mid, scale: LedgerDecimal.unitScale, mode: .plain))
    }
}

struct StockHoldingJSON: Encodable {
    var id: String
    var userId: String
    var stockId: String
    var quantity: String
    var committedAmount: String
    var reserved: String
    var available: String
    var costBasis: String
    var updatedAt: String

    init(_ holding: StockHolding) {
        id = holding.id
        userId = holding.userId
        stockId = holding.instrumentId
        quantity = DecimalString.format(holding.quantity)
        committedAmount = DecimalString.format(holding.committed)
        reserved = DecimalString.format(holding.reserved)
        available = DecimalString.format(holding.available)
        costBasis = LedgerJSON.money(holding.costBasis)
        updatedAt = Timestamp.iso8601(holding.updatedAtNanos)
    }
}

struct AuthorizationJSON: Encodable {
    var id: String
    var investorId: String
    var brokerId: String
    var type: String
    var stockId: String?
    var limit: String
    var used: String
    var remaining: String
    var status: String
    var createdAt: String
    var revokedAt: String?

    init(_ authorization: Authorization) {
        id = authorization.id
        investorId = authorization.investorId
        brokerId = authorization.brokerId
        type = authorization.kind.rawValue
        stockId = authorization.instrumentId
        limit = DecimalString.format(authorization.limit)
        used = DecimalString.format(authorization.used)
        remaining = DecimalString.format(authorization.remaining)
        status = authorization.status.rawValue
        createdAt = Timestamp.iso8601(authorization.createdAtNanos)
        revokedAt = authorization.revokedAtNanos.map(Timestamp.iso8601)
    }
}

struct OrderJSON: Encodable {
    var id: String
    var userId: String
    var placedBy: String
    var authorizationId: String?
    var stockId: String
    var side: String
    var type: String
    var quantity: String
    var limitPrice: String?
    var automated: Bool
    var status: String
    var reserved: String
    var filledQuantity: String
    var fillPrice: String?
    var createdAt: String
    var updatedAt: String

    init(_ order: Order) {
        id = order.id
        userId = order.userId
        placedBy = order.placedBy
        authorizationId = order.authorizationId
        stockId = order.instrumentId
        side = order.side.rawValue
        type = order.type.rawValue
        quantity = DecimalString.format(order.quantity)
        limitPrice = order.limitPrice.map(DecimalString.format)
        automated = order.automated
        status = order.status.rawValue
        reserved = DecimalString.format(order.reserved)
        filledQuantity = DecimalString.format(order.filledQuantity)
        fillPrice = order.fillPrice.map(DecimalString.format)
        createdAt = Timestamp.iso8601(order.createdAtNanos)
        updatedAt = Timestamp.iso8601(order.updatedAtNanos)
    }
}

struct FillJSON: Encodable {
    var id: String
    var orderId: String
    var userId: String
    var stockId: String
    var side: String
    var quantity: String
    var price: String
    var notional: String
    var createdAt: String

    init(_ fill: Fill) {
        id = fill.id
        orderId = fill.orderId
        userId = fill.userId
        stockId = fill.instrumentId
        side = fill.side.rawValue
        quantity = DecimalString.format(fill.quantity)
        price = DecimalString.format(fill.price)
        notional = LedgerJSON.money(fill.notional)
        createdAt = Timestamp.iso8601(fill.createdAtNanos)
    }
}

struct AuditEventJSON: Encodable {
    var id: String
    var entity: String
    var entityId: String
    var ownerId: String
    var actorId: String
    var action: String
    var detail: String
    var createdAt: String

    init(_ event: AuditEvent) {
        id = event.id
        entity = event.entity.rawValue
        entityId = event.entityId
        ownerId = event.ownerId
        actorId = event.actorId
        action = event.action
        detail = event.detail
        createdAt = Timestamp.iso8601(event.createdAtNanos)
    }
}

/// A page of items: `{"items": [...], "nextCursor": "…"|null}`.
struct PageJSON<Item: Encodable>: Encodable {
    var items: [Item]
    var nextCursor: String?

    init<Source>(_ page: Page<Source>, _ transform: (Source) -> Item) {
        items = page.items.map(transform)
        nextCursor = page.nextCursor
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }

    private enum CodingKeys: String, CodingKey { case items, nextCursor }
}

enum LedgerJSON {
    /// Money with exactly two decimals, as `NUMERIC(20,2)` prints it.
    static func money(_ value: Decimal) -> String {
        let rounded = LedgerDecimal.cents(value)
        let text = DecimalString.format(rounded)
        guard let dot = text.firstIndex(of: ".") else { return text + ".00" }
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        return decimals >= 2 ? text : text + String(repeating: "0", count: 2 - decimals)
    }
}
