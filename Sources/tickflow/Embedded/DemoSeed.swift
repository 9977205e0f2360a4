import Foundation
import Model
import Serving

/// The demo accounts `tickflow run` seeds on its first start, so that there is something to log in with and risk to
/// watch: an investor with a funded wallet and two portfolios, and a broker the investor authorizes to trade
/// capital on its behalf. A later start finds the investor and seeds nothing.
enum DemoSeed {
    static let investorEmail = "investor@tickflow.demo"
    static let brokerEmail = "broker@tickflow.demo"
    static let password = "tickflow-demo"
    /// Cash in the investor's wallet.
    static let deposit: Decimal = 1_000_000
    /// The broker's capital authorization.
    static let brokerLimit: Decimal = 250_000

    /// What the demo has: the investor and its portfolios, and whether this start created them.
    struct Accounts {
        var investor: User
        var portfolios: [Portfolio]
        var created: Bool
    }

    /// Seeds the accounts unless the investor exists, and returns them.
    ///
    /// - Parameter bcryptCost: the password hashes' cost (the API's default unless a test wants it cheap).
    /// - Throws: ``ServingError`` from the ledger, or a hashing error.
    static func seed(ledger: Ledger, bcryptCost: UInt8 = 12) async throws -> Accounts {
        if let existing = try await ledger.credentials(email: investorEmail)?.user {
            let principal = Principal(userId: existing.id, role: existing.role)
            let portfolios = try await ledger.portfolios(viewer: principal, page: PageRequest()).items
            return Accounts(investor: existing, portfolios: portfolios, created: false)
        }
        let hash = try await PasswordHasher(cost: bcryptCost).hash(password)
        let investor = try await ledger.register(email: investorEmail, name: "Demo Investor", role: .investor, passwordHash: hash)
        let broker = try await ledger.register(email: brokerEmail, name: "Demo Broker", role: .broker, passwordHash: hash)
        let principal = Principal(userId: investor.id, role: .investor)
        _ = try await ledger.createTransaction(userId: investor.id, kind: .deposit, amount: deposit, actor: principal)
        _ = try await ledger.createAuthorization(investor: principal, brokerId: broker.id, kind: .capital, instrumentId: nil, limit: brokerLimit)
        var portfolios: [Portfolio] = []
        for (name, listings) in portfolioListings(ledger.stocks) {
            let holdings = listings.map { listing in
                // About $25k per position, in whole shares.
                let shares = max(1, (25_000 / listing.price as NSDecimalNumber).intValue)
                return Portfolio.Holding(instrumentId: listing.instrument.id, quantity: Decimal(shares), costBasis: Decimal(shares) * listing.price)
            }
            portfolios.append(try await ledger.createPortfolio(owner: principal, name: name, holdings: holdings))
        }
        return Accounts(investor: investor, portfolios: portfolios, created: true)
    }

    /// Two portfolios over the catalog's equities: one stock of each sector, and the first eight listed.
    static func portfolioListings(_ stocks: StockCatalog) -> [(String, [StockCatalog.Listing])] {
        var seenSectors: Set<String> = []
        let diversified = stocks.listings.filter { seenSectors.insert($0.instrument.sector).inserted }.prefix(10)
        return [("Demo diversified", Array(diversified)), ("Demo concentrated", Array(stocks.listings.prefix(8)))]
    }
}
