import Foundation
import Model
import Serving
import Testing

/// The ledger contract: every test runs against Postgres and SQLite alike.
@Suite struct LedgerContractTests {
    @Test(arguments: StoreKind.allCases)
    func migrationsAreRecordedAndIdempotent(kind: StoreKind) async throws {
        try await withLedger(kind) { fixture in
            try await fixture.ledger.store.migrate()
            let versions = try await fixture.ledger.store.read { sql throws(ServingError) in
                try await sql.query("SELECT version, name FROM schema_migrations ORDER BY version", [])
            }
            // Each dialect's bundled migrations, once each, in order: 001 ledger everywhere; Postgres also has
            // 002 lock_account (the one-round-trip account lock of an order) and 003 account_version (the
            // wallet version that optimistic orders check).
            let expected = kind == .postgres ? [1: "ledger", 2: "lock_account", 3: "account_version"] : [1: "ledger"]
            let recorded = try versions.map { row throws(ServingError) in (try row.int(0), row.optionalString(1)) }
            #expect(recorded.map(\.0) == expected.keys.sorted().map(Int64.init))
            #expect(recorded.map(\.1) == expected.keys.sorted().map { expected[$0] })
        }
    }

    @Test(arguments: StoreKind.allCases)
    func registrationRejectsADuplicateEmailAndFindsCredentials(kind: StoreKind) async throws {
        try await withLedger(kind) { fixture in
            let user = try await fixture.ledger.register(email: "Grace@Example.com", name: "Grace", role: .broker, passwordHash: "h1")
            #expect(user.email == "grace@example.com")
            let duplicate = await #expect(throws: ServingError.self) {
                try await fixture.ledger.register(email: "grace@example.com", name: "G2", role: .investor, passwordHash: "h2")
            }
            #expect(duplicate?.code == .conflict)
            #expect(duplicate?.field == "email")
            let found = try await fixture.ledger.credentials(email: "GRACE@example.com")
            #expect(found?.user.id == user.id)
            #expect(found?.passwordHash == "h1")
            let brokers = try await fixture.ledger.users(role: .broker, page: PageRequest())
            #expect(brokers.items.map(\.id) == [user.id])
            let invalid = await #expect(throws: ServingError.self) {
                try await fixture.ledger.register(email: "not-an-email", name: "X", role: .investor, passwordHash: "h")
            }
            #expect(invalid?.field == "email")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func depositsAndWithdrawalsAreExactAndPaginated(kind: StoreKind) async throws {
        try await withLedger(kind) { fixture in
            let ada = try await fixture.user()
            for _ in 0..<25 {
                _ = try await fixture.ledger.createTransaction(userId: ada.userId, kind: .deposit, amount: dec("0.10"), actor: ada)
            }
            _ = try await fixture.ledger.createTransaction(userId: ada.userId, kind: .deposit, amount: dec("123456789012345.67"), actor: ada)
            _ = try await fixture.ledger.createTransaction(userId: ada.userId, kind: .withdraw, amount: dec("0.01"), actor: ada)
            let wallet = try await fixture.ledger.wallet(userId: ada.userId)
            #expect(wallet.balance == dec("123456789012348.16"))
            let tooMuch = await #expect(throws: ServingError.self) {
                try await fixture.ledger.createTransaction(userId: ada.userId, kind: .withdraw, amount: dec("123456789012348.17"), actor: ada)
            }
            #expect(tooMuch?.code == .insufficientFunds)
            let fractional = await #expect(throws: ServingError.self) {
                try await fixture.ledger.createTransaction(userId: ada.userId, kind: .deposit, amount: dec("1.001"), actor: ada)
            }
            #expect(fractional?.field == "amount")

            var seen: [WalletTransaction] = []
            var cursor: String?
            repeat {
                let page = try await fixture.ledger.transactions(userId: ada.userId, page: PageRequest(limit: 10, after: cursor.map(Self.decode)))
                seen += page.items
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen.count == 27)
            #expect(Set(seen.map(\.id)).count == 27)
            #expect(seen.last?.balanceAfter == wallet.balance)
            let sum = seen.reduce(Decimal(0)) { $0 + $1.amount }
            #expect(sum == wallet.balance)
            let one = try await fixture.ledger.transaction(id: seen[3].id, userId: ada.userId)
            #expect(one == seen[3])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aMarketBuyFillsAtTheAskAndASellAtTheBid(kind: StoreKind) async throws {
        try await withLedger(kind) { fixture in
            let ada = try await fixture.investor(cash: dec("10000"))
            fixture.quotes.update(MarketQuote(bid: dec("189.20"), ask: dec("189.30")), for: LedgerFixture.aapl)
            let buy = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: dec("10.5")), by: ada)
            #expect(buy.status == .filled)
            #expect(buy.fillPrice == dec("189.30"))
            var wallet = try await fixture.ledger.wallet(userId: ada.userId)
            #expect(wallet.balance == dec("8012.35"))  // 10000 − 10.5 × 189.30 = 10000 − 1987.65
            #expect(wallet.reserved == 0)
            let holdings = try await fixture.ledger.holdings(userId: ada.userId, page: PageRequest())
            #expect(holdings.items.count == 1)
            #expect(holdings.items.first?.quantity == dec("10.5"))
            #expect(holdings.items.first?.costBasis == dec("1987.65"))

            let sell = try await fixture.ledger.placeOrder(OrderRequest(instrument: LedgerFixture.aapl, side: .sell, type: .market, quantity: dec("0.5")), by: ada)
            #expect(sell.status == .filled)
            #expect(sell.fillPrice == dec("189.20"))
            wallet = try await fixture.ledger.wallet(userId: ada.userId)
            #expect(wallet.balance == dec("8106.95"))  // + 0.5 × 189.20 = 94.60
            let holding = try await fixture.ledger.holding(id: holdings.items[0].id, userId: ada.userId)
            #expect(holding.quantity == dec("10"))
            #expect(holding.costBasis == dec("1893.00"))  // 1987.65 × 10 / 10.5
            let fills = try await fixture.ledger.fills(viewer: ada, orderId: nil, page: PageRequest())
            #expect(fills.items.map(\.notional) == [dec("1987.65"), dec("94.60")])
            let kinds = try await fixture.ledger.transactions(userId: ada.userId, page: PageRequest()).items.map(\.kind)
            #expect(kinds == [.deposit, .buy, .sell])

            let oversell = await #expect(throws: ServingError.self) {
                try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .sell, type: .market, quantity: dec("10.00000001")), by: ada)
            }
            #expect(oversell?.code == .insufficientHoldings)
            let overbuy = await #expect(throws: ServingError.self) {
                try await fixture.ledger.placeOrder(OrderRequest(instrument: "MSFT", side: .buy, type: .market, quantity: dec("100")), by: ada)
            }
            #expect(overbuy?.code == .insufficientFunds)
            let unknown = await #expect(throws: ServingError.self) {
                try await fixture.ledger.placeOrder(OrderRequest(instrument: "NOPE", side: .buy, type: .market, quantity: 1), by: ada)
            }
            #expect(unknown?.field == "instrumentId")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aLimitOrderRestsReservesFillsWhenCrossedAndCannotBeCancelledAfter(kind: StoreKind) async throws {
        try await withLedger(kind) { fixture in
            let ada = try await fixture.investor(cash: dec("5000"))
            fixture.quotes.update(MarketQuote(bid: dec("415.00"), ask: dec("415.20")), for: LedgerFixture.msft)
            let order = try await fixture.ledger.placeOrder(
                OrderRequest(instrument: "MSFT", side: .buy, type: .limit, quantity: 10, limitPrice: dec("400.0051")), by: ada)
            #expect(order.status == .open)
            #expect(order.reserved == dec("4000.06"))  // 4000.051 rounded up, so that it covers the fill
            var wallet = try await fixture.ledger.wallet(userId: ada.userId)
            #expect(wallet.available == dec("999.94"))
            let blocked = await #expect(throws: ServingError.self) {
                try await fixture.ledger.createTransaction(userId: ada.userId, kind: .withdraw, amount: 1000, actor: ada)
            }
            #expect(blocked?.code == .insufficientFunds)

            #expect(try await fixture.ledger.matchOpenOrders(instrumentId: LedgerFixture.msft).isEmpty)
            fixture.quotes.update(MarketQuote(bid: dec("399.50"), ask: dec("399.90")), for: LedgerFixture.msft)
            let filled = try await fixture.ledger.matchOpenOrders(instrumentId: LedgerFixture.msft)
            #expect(filled.map(\.id) == [order.id])
            #expect(filled.first?.fillPrice == dec("399.90"))
            wallet = try await fixture.ledger.wallet(userId: ada.userId)
            #expect(wallet.balance == dec("1001.00"))
            #expect(wallet.reserved == 0)

            let late = await #expect(throws: ServingError.self) { try await fixture.ledger.cancelOrder(id: order.id, viewer: ada) }
            #expect(late?.code == .invalidState)

            let resting = try await fixture.ledger.placeOrder(
                OrderRequest(instrument: "MSFT", side: .sell, type: .limit, quantity: 4, limitPrice: 450), by: ada)
            var holding = try await fixture.ledger.holdings(userId: ada.userId, page: PageRequest()).items[0]
            #expect(holding.reserved == 4)
            let cancelled = try await fixture.ledger.cancelOrder(id: resting.id, viewer: ada)
            #expect(cancelled.status == .cancelled)
            holding = try await fixture.ledger.holding(id: holding.id, userId: ada.userId)
            #expect(holding.reserved == 0)
            let twice = await #expect(throws: ServingError.self) { try await fixture.ledger.cancelOrder(id: resting.id, viewer: ada) }
            #expect(twice?.code == .invalidState)
            let actions = try await fixture.ledger.auditEvents(viewer: ada, entityId: resting.id, page: PageRequest()).items.map(\.action)
            #expect(actions == ["order.placed", "order.cancelled"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func brokersTradeOnlyWithinAValidAuthorization(kind: StoreKind) async throws {
        try await withLedger(kind) { fixture in
            let ada = try await fixture.investor(cash: dec("10000"))
            let bob = try await fixture.user(.broker, "Bob")
            let eve = try await fixture.user(.broker, "Eve")
            let grant = try await fixture.ledger.createAuthorization(investor: ada, brokerId: bob.userId, kind: .capital, instrumentId: nil, limit: 2000)
            fixture.quotes.update(MarketQuote(price: 100), for: LedgerFixture.aapl)

            let order = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 15, authorizationId: grant.id), by: bob)
            #expect(order.userId == ada.userId)
            #expect(order.placedBy == bob.userId)
            #expect(try await fixture.ledger.authorization(id: grant.id, viewer: ada).used == 1500)
            let over = await #expect(throws: ServingError.self) {
                try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 6, authorizationId: grant.id), by: bob)
            }
            #expect(over?.code == .authorizationExceeded)
            let stranger = await #expect(throws: ServingError.self) {
                try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 1, authorizationId: grant.id), by: eve)
            }
            #expect(stranger?.code == .authorizationExceeded)
            let wrongSide = await #expect(throws: ServingError.self) {
                try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .sell, type: .market, quantity: 1, authorizationId: grant.id), by: bob)
            }
            #expect(wrongSide?.code == .authorizationExceeded)
            let noGrant = await #expect(throws: ServingError.self) {
                try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 1), by: bob)
            }
            #expect(noGrant?.field == "authorizationId")
            let automatedBroker = await #expect(throws: ServingError.self) {
                try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 1, authorizationId: grant.id, automated: true), by: bob)
            }
            #expect(automatedBroker?.field == "automated")
            let automatedWithGrant = await #expect(throws: ServingError.self) {
                try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 1, authorizationId: grant.id, automated: true), by: ada)
            }
            #expect(automatedWithGrant?.field == "authorizationId")
            let automated = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 1, automated: true), by: ada)
            #expect(automated.automated)

            _ = try await fixture.ledger.revokeAuthorization(id: grant.id, investor: ada)
            let revoked = await #expect(throws: ServingError.self) {
                try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 1, authorizationId: grant.id), by: bob)
            }
            #expect(revoked?.code == .authorizationExceeded)
            let again = await #expect(throws: ServingError.self) { try await fixture.ledger.revokeAuthorization(id: grant.id, investor: ada) }
            #expect(again?.code == .invalidState)
            #expect(try await fixture.ledger.orders(viewer: bob, page: PageRequest()).items.map(\.id) == [order.id])
            #expect(try await fixture.ledger.orders(viewer: eve, page: PageRequest()).items.isEmpty)
            #expect(try await fixture.ledger.authorizations(viewer: bob, page: PageRequest()).items.map(\.id) == [grant.id])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aStockHoldingAuthorizationCommitsUnitsForABrokerSell(kind: StoreKind) async throws {
        try await withLedger(kind) { fixture in
            let ada = try await fixture.investor(cash: dec("10000"))
            let bob = try await fixture.user(.broker, "Bob")
            fixture.quotes.update(MarketQuote(price: 100), for: LedgerFixture.aapl)
            _ = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 20), by: ada)
            let tooMany = await #expect(throws: ServingError.self) {
                try await fixture.ledger.createAuthorization(investor: ada, brokerId: bob.userId, kind: .stockHolding, instrumentId: "AAPL", limit: 21)
            }
            #expect(tooMany?.code == .insufficientHoldings)
            let grant = try await fixture.ledger.createAuthorization(investor: ada, brokerId: bob.userId, kind: .stockHolding, instrumentId: "AAPL", limit: 8)
            var holding = try await fixture.ledger.holdings(userId: ada.userId, page: PageRequest()).items[0]
            #expect(holding.committed == 8)
            let sell = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .sell, type: .market, quantity: 5, authorizationId: grant.id), by: bob)
            #expect(sell.status == .filled)
            holding = try await fixture.ledger.holding(id: holding.id, userId: ada.userId)
            #expect(holding.quantity == 15)
            #expect(holding.committed == 3)
            _ = try await fixture.ledger.revokeAuthorization(id: grant.id, investor: ada)
            holding = try await fixture.ledger.holding(id: holding.id, userId: ada.userId)
            #expect(holding.committed == 0)
            let set = try await fixture.ledger.setCommitted(holdingId: holding.id, userId: ada.userId, committed: dec("2.5"), actor: ada)
            #expect(set.committed == dec("2.5"))
            let over = await #expect(throws: ServingError.self) {
                try await fixture.ledger.setCommitted(holdingId: holding.id, userId: ada.userId, committed: 16, actor: ada)
            }
            #expect(over?.field == "committedAmount")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func noUserSeesAnotherUsersResources(kind: StoreKind) async throws {
        try await withLedger(kind) { fixture in
            let ada = try await fixture.investor(cash: 1000)
            let mallory = try await fixture.investor(cash: 1000, "Mallory")
            let order = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .limit, quantity: 1, limitPrice: 1), by: ada)
            let transaction = try await fixture.ledger.transactions(userId: ada.userId, page: PageRequest()).items[0]
            _ = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 1), by: ada)
            let holding = try await fixture.ledger.holdings(userId: ada.userId, page: PageRequest()).items[0]
            let portfolio = try await fixture.ledger.createPortfolio(owner: ada, name: "Core", holdings: [])

            let notFound: [ServingError?] = [
                await #expect(throws: ServingError.self) { try await fixture.ledger.order(id: order.id, viewer: mallory) },
                await #expect(throws: ServingError.self) { try await fixture.ledger.cancelOrder(id: order.id, viewer: mallory) },
                await #expect(throws: ServingError.self) { try await fixture.ledger.transaction(id: transaction.id, userId: mallory.userId) },
                await #expect(throws: ServingError.self) { try await fixture.ledger.holding(id: holding.id, userId: mallory.userId) },
                await #expect(throws: ServingError.self) { try await fixture.ledger.setCommitted(holdingId: holding.id, userId: mallory.userId, committed: 0, actor: mallory) },
                await #expect(throws: ServingError.self) { try await fixture.ledger.portfolio(id: portfolio.id, viewer: mallory) },
            ]
            #expect(notFound.map { $0?.code } == Array(repeating: .notFound, count: 6))
            #expect(try await fixture.ledger.orders(viewer: mallory, page: PageRequest()).items.isEmpty)
            #expect(try await fixture.ledger.fills(viewer: mallory, orderId: nil, page: PageRequest()).items.isEmpty)
            #expect(try await fixture.ledger.auditEvents(viewer: mallory, entityId: order.id, page: PageRequest()).items.isEmpty)
            let admin = Principal(userId: "admin", role: .admin)
            #expect(try await fixture.ledger.order(id: order.id, viewer: admin).id == order.id)
            #expect(try await fixture.ledger.auditEvents(viewer: admin, entityId: order.id, page: PageRequest()).items.count == 1)
        }
    }

    static func decode(_ cursor: String) -> String {
        (try? PageRequest(limit: nil, cursor: cursor).after) ?? ""
    }
}
