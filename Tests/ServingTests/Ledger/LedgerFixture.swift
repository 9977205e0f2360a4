import Foundation
import Model
import Serving
import Testing
import TickFlowTestSupport

/// The two ledger stores every contract test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case postgres
    case sqlite

    var testDescription: String { rawValue }
}

/// One PostgreSQL cluster for the whole test process (a fresh database per test), stopped and deleted at exit.
enum SharedPostgres {
    static let server: Result<PostgresServer, any Error> = {
        let result = Result { try PostgresServer() }
        atexit { if case .success(let server) = SharedPostgres.server { server.destroy() } }
        return result
    }()

    /// A new empty database on the shared cluster.
    static func freshDatabase() throws -> (server: PostgresServer, database: String) {
        let server = try server.get()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        _ = try server.psql("CREATE DATABASE \(name)")
        return (server, name)
    }
}

/// A migrated ledger on a fresh database of one kind, with the seeded stocks and settable quotes.
struct LedgerFixture {
    let ledger: Ledger
    let quotes: LatestQuotes
    let kind: StoreKind
    private let directory: String?

    static let stocks = StockCatalog.seeded
    static let aapl = stocks.listing("AAPL")!.instrument.id
    static let msft = stocks.listing("MSFT")!.instrument.id

    static func make(
        _ kind: StoreKind, maximumConnections: Int = 20, portfolioChanges: (any PortfolioChangeListener)? = nil
    ) async throws -> LedgerFixture {
        let backend: LedgerBackend
        var directory: String?
        switch kind {
        case .postgres:
            let (server, database) = try SharedPostgres.freshDatabase()
            backend = .postgres(.init(port: server.port, database: database, maximumConnections: maximumConnections))
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-ledger-\(UUID().uuidString)").path
            directory = path
            backend = .sqlite(path: "\(path)/ledger.sqlite")
        }
        let store = try await backend.open()
        let quotes = LatestQuotes(stocks.referenceQuotes)
        let ledger = Ledger(store: store, stocks: stocks, quotes: quotes, portfolioChanges: portfolioChanges)
        return LedgerFixture(ledger: ledger, quotes: quotes, kind: kind, directory: directory)
    }

    func close() async {
        await ledger.store.close()
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Registers a user (a fixed hash: these tests do not check passwords).
    func user(_ role: UserRole = .investor, _ name: String = "Ada") async throws -> Principal {
        let user = try await ledger.register(
            email: "\(name.lowercased())-\(UUID().uuidString.prefix(8))@example.com", name: name, role: role,
            passwordHash: "$2b$04$notarealhashnotarealhashnotarealhashnotarealhashnot")
        return Principal(userId: user.id, role: role)
    }

    /// An investor with `cash` deposited.
    func investor(cash: Decimal, _ name: String = "Ada") async throws -> Principal {
        let investor = try await user(.investor, name)
        if cash > 0 { _ = try await ledger.createTransaction(userId: investor.userId, kind: .deposit, amount: cash, actor: investor) }
        return investor
    }
}

/// Runs `body` with a fresh fixture and closes it whatever happens.
func withLedger(
    _ kind: StoreKind, maximumConnections: Int = 20, portfolioChanges: (any PortfolioChangeListener)? = nil,
    _ body: (LedgerFixture) async throws -> Void
) async throws {
    let fixture = try await LedgerFixture.make(kind, maximumConnections: maximumConnections, portfolioChanges: portfolioChanges)
    do {
        try await body(fixture)
    } catch {
        await fixture.close()
        throw error
    }
    await fixture.close()
}

/// Exact decimal from a literal string.
func dec(_ text: String) -> Decimal { try! DecimalString.parse(text) }
