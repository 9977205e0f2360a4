import Foundation
import Model

/// Fills orders on the bar or quote after the one that triggered them, never inside it.
///
/// A market order fills whole at the first later top of book of its instrument (the ask for a buy, the bid for a
/// sell) or at the open of the first later bar whose window starts at or after the order's time, whichever the
/// replay reaches first. A limit order rests until a later quote's touch or a later bar's range crosses its price;
/// it fills at the touch or the open when those are already better, else at the limit. Gap-filled bars (no trades)
/// fill nothing: their prices were not traded.
public struct FillSimulator: Sendable {
    private var pending: [String: [SimulatedOrder]] = [:]
    private var pendingCount = 0
    private var nextId = 1

    /// An empty simulator.
    public init() {}

    /// Orders still waiting, in submission order.
    public var openOrders: [SimulatedOrder] { pending.values.flatMap { $0 }.sorted { $0.id < $1.id } }

    /// Accepts an order.
    ///
    /// - Parameters:
    ///   - request: what the strategy asked for.
    ///   - createdNanos: the event time of the triggering bar's window end or quote.
    ///   - sequence: the replay position of the triggering event; only later events fill the order.
    /// - Throws: ``BacktestError`` `.invalidOrder` for a non-positive quantity or limit price.
    @discardableResult
    public mutating func submit(_ request: OrderRequest, createdNanos: Int64, sequence: Int64) throws -> SimulatedOrder {
        guard request.quantity > 0 else {
            throw BacktestError(.invalidOrder, context: "order on \(request.instrumentId)", "quantity \(request.quantity) is not positive")
        }
        if case .limit(let price) = request.pricing, !(price.isFinite && price > 0) {
            throw BacktestError(.invalidOrder, context: "order on \(request.instrumentId)", "limit price \(price) is not a positive number")
        }
        let order = SimulatedOrder(id: nextId, request: request, createdNanos: createdNanos, createdSequence: sequence)
        nextId += 1
        pending[request.instrumentId, default: []].append(order)
        pendingCount += 1
        return order
    }

    /// The fills a bar makes, in order id order.
    public mutating func fill(on bar: Bar, sequence: Int64) -> [SimulatedFill] {
        guard pendingCount > 0, bar.tradeCount > 0 else { return [] }
        return fill(bar.instrumentId, sequence: sequence, notBefore: bar.windowStartNanos) { order in
            let price: Double?
            switch (order.request.pricing, order.request.side) {
            case (.market, _): price = bar.open
            case (.limit(let limit), .buy): price = bar.open <= limit ? bar.open : (bar.low <= limit ? limit : nil)
            case (.limit(let limit), .sell): price = bar.open >= limit ? bar.open : (bar.high >= limit ? limit : nil)
            }
            return price.map { Self.fill(order, symbol: bar.symbol, price: $0, at: bar.windowStartNanos, source: .bar) }
        }
    }

    /// The fills a top of book makes, in order id order.
    public mutating func fill(on book: TopOfBook, sequence: Int64) -> [SimulatedFill] {
        guard pendingCount > 0 else { return [] }
        return fill(book.instrumentId, sequence: sequence, notBefore: book.eventTimeNanos) { order in
            let touch = order.request.side == .buy ? book.askPrice : book.bidPrice
            guard touch.isFinite, touch > 0 else { return nil }
            let price: Double?
            switch (order.request.pricing, order.request.side) {
            case (.market, _): price = touch
            case (.limit(let limit), .buy): price = touch <= limit ? touch : nil
            case (.limit(let limit), .sell): price = touch >= limit ? touch : nil
            }
            return price.map { Self.fill(order, symbol: book.symbol, price: $0, at: book.eventTimeNanos, source: .quote) }
        }
    }

    private mutating func fill(
        _ instrumentId: String, sequence: Int64, notBefore time: Int64, price: (SimulatedOrder) -> SimulatedFill?
    ) -> [SimulatedFill] {
        guard let orders = pending[instrumentId] else { return [] }
        var fills: [SimulatedFill] = [], resting: [SimulatedOrder] = []
        for order in orders {
            if order.createdSequence < sequence, time >= order.createdNanos, let fill = price(order) {
                fills.append(fill)
            } else {
                resting.append(order)
            }
        }
        pendingCount -= fills.count
        pending[instrumentId] = resting.isEmpty ? nil : resting
        return fills
    }

    private static func fill(_ order: SimulatedOrder, symbol: String, price: Double, at time: Int64, source: FillSource) -> SimulatedFill {
        SimulatedFill(
            orderId: order.id, instrumentId: order.request.instrumentId, symbol: symbol, side: order.request.side, pricing: order.request.pricing,
            quantity: order.request.quantity, price: price, notional: Money.rounded(order.request.quantity * Money.decimal(price)),
            eventTimeNanos: time, source: source)
    }
}
