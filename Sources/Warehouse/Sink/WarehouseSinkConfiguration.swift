/// How the warehouse sink batches its commits.
public struct WarehouseSinkConfiguration: Sendable {
    /// Commit once this many rows are buffered; default 200,000.
    public var maxRows = 200_000
    /// Commit buffered rows at least this often; default 10 s.
    public var maxDelay: Duration = .seconds(10)
    /// Records asked of the consumer per read; default 4,096.
    public var readBatchSize = 4096
    /// The stage name of dead letters (`dlq.<stage>`); default `warehouse`.
    public var deadLetterStage = "warehouse"

    /// Prefix of the catalog's offset keys. Set a fresh value per run when the source log does not survive a
    /// restart (the in-process transport numbers records from 0 again), so that new records are not mistaken
    /// for already-stored ones; leave empty for Kafka, whose offsets are durable.
    public var offsetNamespace = ""

    /// Creates the default configuration.
    public init() {}

    /// Creates a configuration.
    public init(maxRows: Int, maxDelay: Duration = .seconds(10)) {
        self.maxRows = maxRows
        self.maxDelay = maxDelay
    }
}
