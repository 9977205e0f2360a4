import Model
import Stream

/// Both analytics stages in one operator, for one lane fed by every partition: in process (`tickflow run`) and in
/// backtests. Bars and books go to the per-instrument stage; the bars it accepts and the holdings go to the
/// portfolio stage; both stages' metrics and anomalies come out, the forwarded bars do not.
public struct AnalyticsPipeline: Operator {
    public typealias Input = AnalyticsInput
    public typealias Output = AnalyticsOutput

    /// The per-instrument stage.
    public private(set) var instruments: InstrumentAnalyticsStage
    /// The portfolio stage.
    public private(set) var portfolios: PortfolioRiskStage

    /// Both stages with one configuration and the seeded portfolios.
    ///
    /// - Throws: ``AnalyticsError`` for invalid settings or portfolios.
    public init(configuration: AnalyticsConfiguration = AnalyticsConfiguration(), portfolios seeded: [PortfolioHoldings] = []) throws {
        var forwarding = configuration
        forwarding.forwardToUniverse = true
        instruments = try InstrumentAnalyticsStage(configuration: forwarding)
        portfolios = try PortfolioRiskStage(configuration: configuration, portfolios: seeded)
    }

    public mutating func process(_ batch: [StreamRecord<AnalyticsInput>], into output: inout OperatorOutput<AnalyticsOutput>) throws {
        // Record by record, so that the portfolio stage sees holdings and bars in their input order.
        for record in batch {
            var middle = OperatorOutput<AnalyticsOutput>()
            var forwarded: [StreamRecord<AnalyticsInput>] = []
            if case .holdings = record.value {
                forwarded.append(record)
            } else {
                try instruments.process([record], into: &middle)
                output.rejections += middle.rejections
                for produced in middle.records {
                    if case .universeBar(let bar) = produced.value {
                        forwarded.append(StreamRecord(key: produced.key, value: .bar(bar), eventTimeNanos: produced.eventTimeNanos, position: produced.position))
                    } else {
                        output.emit(produced)
                    }
                }
            }
            if !forwarded.isEmpty { try portfolios.process(forwarded, into: &output) }
        }
    }

    public func snapshotState() throws -> [UInt8] {
        var writer = ByteWriter()
        writer.writeBytes(try instruments.snapshotState())
        writer.writeBytes(try portfolios.snapshotState())
        return writer.bytes
    }

    public mutating func restoreState(from bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        try instruments.restoreState(from: try reader.readBytes())
        try portfolios.restoreState(from: try reader.readBytes())
        try reader.expectEnd()
    }
}
