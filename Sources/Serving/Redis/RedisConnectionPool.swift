import Dispatch
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A fixed set of Redis connections, each owned by a thread of its own, so that no blocking hiredis call ever
/// runs on the event loop or the cooperative pool.
///
/// Callers ``execute(_:)`` a job or send a ``pipeline(_:)`` of commands: it waits in a bounded queue, runs on the
/// next free connection thread, and its result (or error) resumes the caller. Pipelines waiting together are
/// coalesced: a connection thread sends every one queued behind the first (up to
/// ``Configuration/maxCoalesced``) in one write and reads their replies in one pass, so that under load the
/// round trips, system calls and thread wake-ups are shared by many requests instead of paid by each.
///
/// A caller on one of NIO's event loops (`tickflow serve` runs its handlers there) is resumed on that loop, and
/// the callers of one coalesced run waiting on the same loop are resumed together: one wake-up per loop, not one
/// per request, and the response is written without another hop.
///
/// A broken connection is replaced on its thread's next job; while Redis is unreachable, jobs fail at once with
/// `cacheUnavailable` instead of each waiting for a connect timeout (one reconnect attempt per
/// ``Configuration/reconnectInterval``), and the pool comes back by itself when Redis does.
public final class RedisConnectionPool: Sendable {
    /// Where to connect and how many connections to keep.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// Connections, one thread each (default 2). More threads only add wake-ups: a connection sends every
        /// request queued behind the one it is running in one pipeline (api-quote: 15.5k requests/s with 4, 18.9k
        /// with 2 or 1); a second one keeps a slow command from holding up the rest.
        public var connections: Int
        /// Connect and command timeout (default 500 ms): a stalled Redis fails a request, never hangs it.
        public var timeoutMillis: Int
        /// After a failed connect, how long jobs fail fast before the next attempt (default 250 ms).
        public var reconnectInterval: Duration
        /// Most jobs waiting for a connection (default 10,000); past it, jobs are refused, so a slow Redis cannot
        /// grow memory without bound.
        public var maxPending: Int
        /// Most queued pipelines one connection sends together (default 64).
        public var maxCoalesced: Int

        /// Creates a configuration.
        public init(
            host: String = "127.0.0.1", port: Int = 6379, connections: Int = 2, timeoutMillis: Int = 500,
            reconnectInterval: Duration = .milliseconds(250), maxPending: Int = 10_000, maxCoalesced: Int = 64
        ) {
            self.host = host
            self.port = port
            self.connections = connections
            self.timeoutMillis = timeoutMillis
            self.reconnectInterval = reconnectInterval
            self.maxPending = maxPending
            self.maxCoalesced = maxCoalesced
        }

        /// Parses `host:port` or `redis://host:port` (port 6379 when absent), other settings at their defaults.
        ///
        /// - Throws: ``ServingError`` (`validation`, field `redis`) when the address is not of that form.
        public init(address: String) throws(ServingError) {
            var text = Substring(address)
            if text.hasPrefix("redis://") { text = text.dropFirst("redis://".count) }
            if text.hasSuffix("/") { text = text.dropLast() }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.count == 1 || Int(parts[1]).map({ (1...65_535).contains($0) }) == true else {
                throw ServingError(.validation, field: "redis", "\(address) is not host:port or redis://host:port")
            }
            self.init(host: String(parts[0]), port: parts.count == 2 ? Int(parts[1])! : 6379)
        }
    }

    fileprivate enum Job: Sendable {
        /// Runs with a connection, or is told why there is none.
        case run(@Sendable (RedisConnection?, ServingError?) -> Void)
        /// Commands for the next pipeline, who gets their replies, and the event loop to hand them over on (nil:
        /// on the connection's thread).
        case commands([[[UInt8]]], (any EventLoop)?, @Sendable (Result<[RedisReply], ServingError>) -> Void)

        func fail(_ error: ServingError) {
            switch self {
            case .run(let body): body(nil, error)
            case .commands(_, let loop, let done):
                if let loop { loop.execute { done(.failure(error)) } } else { done(.failure(error)) }
            }
        }
    }

    fileprivate struct State {
        var jobs: [Job] = []
        var head = 0
        var closed = false
        /// Until when connects are not retried (nanoseconds of `DispatchTime`), after one failed.
        var retryAfter: UInt64 = 0
        var lastError: ServingError?
    }

    public var configuration: Configuration { core.configuration }
    private let core: Core

    /// Starts the connection threads. Connections are opened lazily, on each thread's first job.
    public init(configuration: Configuration) {
        let core = Core(configuration: configuration)
        self.core = core
        for index in 0..<max(1, configuration.connections) {
            // The threads hold the core, not the pool: dropping the pool closes it and ends them.
            let thread = Thread { core.work() }
            thread.name = "redis-\(configuration.port)-\(index)"
            thread.start()
        }
    }

    /// Runs `body` with a connection on one of the pool's threads.
    ///
    /// - Throws: ``ServingError`` (`cacheUnavailable`) when Redis cannot be reached, the connection broke during
    ///   the job, the queue is full or the pool is closed; any error `body` throws, as a `ServingError`.
    public func execute<T: Sendable>(_ body: @escaping @Sendable (RedisConnection) throws -> T) async throws(ServingError) -> T {
        let result: Result<T, ServingError> = await withCheckedContinuation { continuation in
            let job = Job.run { connection, failure in
                guard let connection else {
                    continuation.resume(returning: .failure(failure ?? ServingError(.cacheUnavailable, "no Redis connection")))
                    return
                }
                do {
                    continuation.resume(returning: .success(try body(connection)))
                } catch let error as ServingError {
                    continuation.resume(returning: .failure(error))
                } catch {
                    continuation.resume(returning: .failure(ServingError(.cacheUnavailable, "Redis: \(error)")))
                }
            }
            core.submit(job)
        }
        return try result.get()
    }

    /// Sends `commands` (each argument binary-safe) in one pipeline, coalesced with other pipelines waiting at the
    /// same time, and returns their replies in order.
    ///
    /// - Returns: one reply per command; Redis error replies are returned as ``RedisReply/error(_:)``, not thrown.
    /// - Throws: ``ServingError`` (`cacheUnavailable`) when Redis cannot be reached, the connection broke, the
    ///   queue is full or the pool is closed.
    public func pipeline(_ commands: [[[UInt8]]]) async throws(ServingError) -> [RedisReply] {
        guard !commands.isEmpty else { return [] }
        let result: Result<[RedisReply], ServingError> = await withCheckedContinuation { continuation in
            submit(commands, handingRepliesTo: MultiThreadedEventLoopGroup.currentEventLoop) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Queues `commands` as one pipeline; `done` gets their replies (or the failure) on `loop`, or on the
    /// connection's thread when nil.
    func submit(
        _ commands: [[[UInt8]]], handingRepliesTo loop: (any EventLoop)?,
        _ done: @escaping @Sendable (Result<[RedisReply], ServingError>) -> Void
    ) {
        core.submit(.commands(commands, loop, done))
    }

    /// Jobs waiting for a connection (not those running): the queue depth, for metrics and tests.
    public var pendingJobs: Int { core.pending }

    /// Stops the threads after the jobs already queued; later ``execute(_:)`` calls fail.
    public func close() { core.close() }

    deinit { core.close() }
}

/// The queue and the connection threads' loop, shared by the threads.
private final class Core: Sendable {
    let configuration: RedisConnectionPool.Configuration
    private let state = Mutex(RedisConnectionPool.State())
    private let ready = DispatchSemaphore(value: 0)

    init(configuration: RedisConnectionPool.Configuration) { self.configuration = configuration }

    func submit(_ job: RedisConnectionPool.Job) {
        let refusal: ServingError? = state.withLock { state in
            if state.closed { return ServingError(.cacheUnavailable, "the Redis pool is closed") }
            if state.jobs.count - state.head >= configuration.maxPending {
                return ServingError(.cacheUnavailable, "Redis is overloaded: \(configuration.maxPending) requests waiting")
            }
            state.jobs.append(job)
            return nil
        }
        if let refusal { job.fail(refusal) } else { ready.signal() }
    }

    var pending: Int { state.withLock { $0.jobs.count - $0.head } }

    func close() {
        let wasOpen = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        if wasOpen { for _ in 0..<max(1, configuration.connections) { ready.signal() } }
    }

    /// One connection thread: takes jobs until the pool closes and its queue is empty.
    func work() {
        var connection: RedisConnection?
        while true {
            ready.wait()
            // A thread that took several pipelines leaves their signals behind: the others wake to an empty queue.
            guard let jobs = take() else { return }
            guard !jobs.isEmpty else { continue }
            if connection?.isBroken == true { connection = nil }
            if connection == nil {
                do { connection = try connect() } catch {
                    for job in jobs { job.fail(error) }
                    continue
                }
            }
            guard let connection else { continue }
            if jobs.count == 1, case .run(let body) = jobs[0] {
                body(connection, nil)
            } else {
                send(jobs, on: connection)
            }
        }
    }

    /// Sends coalesced pipelines in one write and hands each its own replies, those waiting on the same event loop
    /// in one task on it.
    private func send(_ jobs: [RedisConnectionPool.Job], on connection: RedisConnection) {
        var all: [[[UInt8]]] = []
        for case .commands(let commands, _, _) in jobs { all.append(contentsOf: commands) }
        let replies: [RedisReply]
        do {
            replies = try connection.pipeline(all)
        } catch {
            let failure = error as? ServingError ?? ServingError(.cacheUnavailable, "Redis: \(error)")
            for job in jobs { job.fail(failure) }
            return
        }
        var byLoop: [ObjectIdentifier: (loop: any EventLoop, resumes: [@Sendable () -> Void])] = [:]
        var start = 0
        for case .commands(let commands, let loop, let done) in jobs {
            let mine = Array(replies[start..<(start + commands.count)])
            start += commands.count
            guard let loop else {
                done(.success(mine))
                continue
            }
            byLoop[ObjectIdentifier(loop), default: (loop, [])].resumes.append { done(.success(mine)) }
        }
        for (loop, resumes) in byLoop.values {
            loop.execute { for resume in resumes { resume() } }
        }
    }

    /// The next job, or the run of pipelines at the head of the queue; empty when there is none yet, nil once the
    /// pool is closed and drained.
    private func take() -> [RedisConnectionPool.Job]? {
        state.withLock { state in
            guard state.head < state.jobs.count else { return state.closed ? nil : [] }
            var taken = [state.jobs[state.head]]
            state.head += 1
            if case .commands = taken[0] {
                while taken.count < configuration.maxCoalesced, state.head < state.jobs.count, case .commands = state.jobs[state.head] {
                    taken.append(state.jobs[state.head])
                    state.head += 1
                }
            }
            if state.head > 1_024, state.head * 2 > state.jobs.count {
                state.jobs.removeFirst(state.head)
                state.head = 0
            }
            return taken
        }
    }

    /// Opens a connection unless a recent attempt failed (then that failure, at once).
    private func connect() throws(ServingError) -> RedisConnection {
        let now = DispatchTime.now().uptimeNanoseconds
        if let recent = state.withLock({ $0.retryAfter > now ? $0.lastError : nil }) { throw recent }
        do {
            return try RedisConnection(host: configuration.host, port: configuration.port, timeoutMillis: configuration.timeoutMillis)
        } catch {
            let failure = error as? ServingError ?? ServingError(.cacheUnavailable, "Redis: \(error)")
            let wait = UInt64(max(0, configuration.reconnectInterval.nanoseconds))
            state.withLock { state in
                state.retryAfter = DispatchTime.now().uptimeNanoseconds + wait
                state.lastError = failure
            }
            throw failure
        }
    }
}
