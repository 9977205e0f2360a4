import Model

/// The API's request budgets per fixed window (one minute by default): per authenticated user, per client address
/// for unauthenticated requests, and a stricter one per user for the expensive risk endpoints. System requests
/// (the service API key) are not limited.
public struct RateLimits: Sendable, Hashable {
    /// Requests per window of an authenticated user (default 10,000).
    public var perUser: Int
    /// Requests per window of an unauthenticated client address (default 100).
    public var perAddress: Int
    /// Requests per window of a user to the paths under ``expensivePrefix`` (default 60); they count towards
    /// ``perUser`` too.
    public var expensivePerUser: Int
    /// The path prefix of the expensive endpoints (default `/api/v1/risk/`).
    public var expensivePrefix: String
    /// The window length (default one minute).
    public var window: Duration

    /// Creates limits.
    public init(
        perUser: Int = 10_000, perAddress: Int = 100, expensivePerUser: Int = 60, expensivePrefix: String = "/api/v1/risk/",
        window: Duration = .seconds(60)
    ) {
        self.perUser = perUser
        self.perAddress = perAddress
        self.expensivePerUser = expensivePerUser
        self.expensivePrefix = expensivePrefix
        self.window = window
    }

    /// The window in nanoseconds.
    var windowNanos: Int64 { max(1, window.nanoseconds) }
}

/// The rate limits of a server and the counters they are kept in.
public struct RateLimiting: Sendable {
    public var limits: RateLimits
    public var store: any RateLimitStore
    /// The time requests are counted at, ns since the epoch (the wall clock; tests pin it).
    public var clock: @Sendable () -> Int64

    /// Limits kept in `store` (by default in this process's memory).
    public init(limits: RateLimits = RateLimits(), store: any RateLimitStore = InMemoryRateLimitStore(), clock: @escaping @Sendable () -> Int64 = Timestamp.now) {
        self.limits = limits
        self.store = store
        self.clock = clock
    }
}
