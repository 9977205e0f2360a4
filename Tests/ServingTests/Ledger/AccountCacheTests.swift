import Foundation
import Model
@testable import Serving
import Testing

@Suite struct AccountCacheTests {
    static func wallet(_ balance: Decimal) -> Wallet {
        Wallet(userId: "u1", currency: "USD", balance: balance, reserved: 0, updatedAtNanos: 0)
    }

    static func holding(_ instrument: String, _ quantity: Decimal) -> StockHolding {
        StockHolding(id: "h-\(instrument)", userId: "u1", instrumentId: instrument, quantity: quantity, committed: 0, reserved: 0, costBasis: 0, updatedAtNanos: 0)
    }

    @Test func aWriteIsRememberedAtTheNextVersionWithTheHoldingsStillKnown() {
        let cache = AccountCache()
        #expect(cache.account(userId: "u1", instrumentId: "AAPL") == nil)
        cache.wrote(userId: "u1", from: 4, wallet: Self.wallet(900), instrumentId: "AAPL", holding: Self.holding("AAPL", 1))
        let first = cache.account(userId: "u1", instrumentId: "AAPL")
        #expect(first?.version == 5)
        #expect(first?.wallet.balance == 900)
        #expect(first?.holding?.quantity == 1)
        // Not known yet, rather than known to be none.
        #expect(cache.account(userId: "u1", instrumentId: "MSFT") == nil)

        // A write from version 5 keeps the AAPL holding known at 6; a known absence is remembered as such.
        cache.wrote(userId: "u1", from: 5, wallet: Self.wallet(800), instrumentId: "MSFT", holding: nil)
        #expect(cache.account(userId: "u1", instrumentId: "AAPL")?.version == 6)
        #expect(cache.account(userId: "u1", instrumentId: "AAPL")?.holding?.quantity == 1)
        let msft = cache.account(userId: "u1", instrumentId: "MSFT")
        #expect(msft?.version == 6)
        #expect(msft?.holding == nil)
        #expect(msft?.wallet.balance == 800)

        // A write from another version (the account moved elsewhere meanwhile) forgets what else was known.
        cache.wrote(userId: "u1", from: 9, wallet: Self.wallet(700), instrumentId: "AAPL", holding: Self.holding("AAPL", 2))
        #expect(cache.account(userId: "u1", instrumentId: "AAPL")?.version == 10)
        #expect(cache.account(userId: "u1", instrumentId: "MSFT") == nil)

        cache.forget(userId: "u1")
        #expect(cache.account(userId: "u1", instrumentId: "AAPL") == nil)
    }

    @Test func pastItsCapacityItStartsOver() {
        let cache = AccountCache(capacity: 3)
        for user in 0..<3 { cache.wrote(userId: "u\(user)", from: 0, wallet: Self.wallet(1), instrumentId: "AAPL", holding: nil) }
        #expect((0..<3).allSatisfy { cache.account(userId: "u\($0)", instrumentId: "AAPL") != nil })
        // A known user is updated in place; a fourth one clears the others.
        cache.wrote(userId: "u1", from: 1, wallet: Self.wallet(2), instrumentId: "AAPL", holding: nil)
        #expect(cache.account(userId: "u0", instrumentId: "AAPL") != nil)
        cache.wrote(userId: "u3", from: 0, wallet: Self.wallet(1), instrumentId: "AAPL", holding: nil)
        #expect(cache.account(userId: "u3", instrumentId: "AAPL") != nil)
        #expect((0..<3).allSatisfy { cache.account(userId: "u\($0)", instrumentId: "AAPL") == nil })
    }
}
