import Foundation
import NIOCore
import NIOPosix
@testable import Serving
import Synchronization
import Testing
import TickFlowTestSupport

@Suite struct RedisConnectionPoolTests {
    @Test func concurrentJobsShareTheConnectionsAndPipelinesKeepTheirOrder() async throws {
        let server = try RedisServer()
        let pool = RedisConnectionPool(configuration: .init(port: server.port, connections: 3))
        defer { pool.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<24 {
                group.addTask {
                    for step in 0..<25 {
                        _ = try await pool.execute { redis in try redis.command(["INCR", "counter"]) }
                        let replies = try await pool.execute { redis in
                            try redis.pipeline([["SET", "w\(worker)", "\(step)"], ["GET", "w\(worker)"]].map { $0.map { Array($0.utf8) } })
                        }
                        #expect(replies == [.status("OK"), .string(Array("\(step)".utf8))])
                    }
                }
            }
            try await group.waitForAll()
        }
        let total = try await pool.execute { redis in try redis.command(["GET", "counter"]) }
        #expect(total.text == "600")
    }

    @Test func aStoppedRedisFailsJobsPromptlyAndARestartedOneIsUsedAgainWithoutHelp() async throws {
        let server = try RedisServer()
        let pool = RedisConnectionPool(configuration: .init(port: server.port, connections: 2, reconnectInterval: .milliseconds(50)))
        defer { pool.close() }
        _ = try await pool.execute { redis in try redis.command(["SET", "k", "v"]) }
        try server.stop()

        // Every job fails with cacheUnavailable (the broken connection, then refused connects) and none hangs:
        // the test would block here if one did.
        for _ in 0..<20 {
            let failure = await #expect(throws: ServingError.self) {
                _ = try await pool.execute { redis in try redis.command(["GET", "k"]) }
            }
            #expect(failure?.code == .cacheUnavailable)
        }

        try server.start()
        var answered = false
        for _ in 0..<100 where !answered {
            try await Task.sleep(for: .milliseconds(20))
            answered = (try? await pool.execute { redis in try redis.command(["PING"]) }) == .status("PONG")
        }
        #expect(answered, "the pool reconnects by itself once Redis is back")
    }

    /// Pipelines queued behind a busy connection go out together; each still gets exactly its own replies, a
    /// job between them runs on its own, and a connection lost under a coalesced batch fails every pipeline in it.
    @Test func queuedPipelinesAreCoalescedAndEachGetsItsOwnReplies() async throws {
        let server = try RedisServer()
        let pool = RedisConnectionPool(configuration: .init(port: server.port, connections: 1, maxCoalesced: 8))
        defer { pool.close() }
        func bytes(_ command: [String]) -> [[UInt8]] { command.map { Array($0.utf8) } }

        for round in 0..<2 {
            let release = DispatchSemaphore(value: 0)
            let running = Mutex(false)
            let holder = Task { try await pool.execute { redis in running.withLock { $0 = true }; release.wait(); return try redis.command(["PING"]) } }
            while !running.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            let pipelines = (0..<30).map { index in
                Task { try await pool.pipeline([bytes(["SET", "p\(index)", "v\(index)-\(round)"]), bytes(["INCR", "n\(round)"]), bytes(["GET", "p\(index)"])]) }
            }
            let job = Task { try await pool.execute { redis in try redis.command(["GET", "n\(round)"]) } }
            while pool.pendingJobs < 31 { try await Task.sleep(for: .milliseconds(5)) }
            if round == 1 { try server.stop() }
            release.signal()
            _ = try? await holder.value
            if round == 0 {
                var counts = Set<Int64>()
                for (index, task) in pipelines.enumerated() {
                    let replies = try await task.value
                    #expect(replies.count == 3)
                    #expect(replies[0] == .status("OK"))
                    #expect(replies[2] == .string(Array("v\(index)-0".utf8)))
                    if case .integer(let count) = replies[1] { counts.insert(count) }
                }
                #expect(counts == Set(1...30))
                _ = try await job.value
            } else {
                for task in pipelines {
                    let failure = await #expect(throws: ServingError.self) { _ = try await task.value }
                    #expect(failure?.code == .cacheUnavailable)
                }
                await #expect(throws: ServingError.self) { _ = try await job.value }
            }
        }
    }

    /// Replies reach a caller on the event loop it asked for (tickflow serve's handlers run on the loops), one
    /// without a loop on the connection's thread; each still gets exactly its own replies, and a failure too
    /// arrives on the caller's loop.
    @Test func repliesAreHandedOverOnTheCallersEventLoop() async throws {
        let server = try RedisServer()
        let pool = RedisConnectionPool(configuration: .init(port: server.port, connections: 1))
        defer { pool.close() }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = [group.next(), group.next()]
        #expect(loops[0] !== loops[1])

        struct Handed: Sendable { var index: Int; var loop: Int?; var reply: RedisReply? }
        let handed = Mutex<[Handed]>([])
        let release = DispatchSemaphore(value: 0)
        let running = Mutex(false)
        // The only connection is held, so the pipelines queue and go out as one coalesced run.
        let holder = Task { try await pool.execute { _ in running.withLock { $0 = true }; release.wait() } }
        while !running.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        for index in 0..<12 {
            let loop: (any EventLoop)? = index % 3 == 2 ? nil : loops[index % 3]
            pool.submit([[Array("ECHO".utf8), Array("e\(index)".utf8)]], handingRepliesTo: loop) { result in
                let on = loops.firstIndex { $0.inEventLoop }
                handed.withLock { $0.append(Handed(index: index, loop: on, reply: try? result.get().first)) }
            }
        }
        release.signal()
        try await holder.value
        while handed.withLock({ $0.count }) < 12 { try await Task.sleep(for: .milliseconds(5)) }
        for entry in handed.withLock({ $0 }) {
            #expect(entry.loop == (entry.index % 3 == 2 ? nil : entry.index % 3), "pipeline \(entry.index)")
            #expect(entry.reply == .string(Array("e\(entry.index)".utf8)))
        }

        try server.stop()
        let failure = Mutex<(loop: Int?, error: ServingError?)?>(nil)
        pool.submit([[Array("PING".utf8)]], handingRepliesTo: loops[1]) { result in
            let on = loops.firstIndex { $0.inEventLoop }
            if case .failure(let error) = result { failure.withLock { $0 = (on, error) } } else { failure.withLock { $0 = (on, nil) } }
        }
        while failure.withLock({ $0 == nil }) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(failure.withLock { $0?.loop } == 1)
        #expect(failure.withLock { $0?.error?.code } == .cacheUnavailable)
        try await group.shutdownGracefully()
    }

    @Test func aFullQueueRefusesInsteadOfGrowing() async throws {
        let server = try RedisServer()
        let pool = RedisConnectionPool(configuration: .init(port: server.port, connections: 1, maxPending: 2))
        defer { pool.close() }
        // One job holds the only connection until released; two wait; the fourth is refused.
        let release = DispatchSemaphore(value: 0)
        let running = Mutex(false)
        let holder = Task { try await pool.execute { redis in running.withLock { $0 = true }; release.wait(); return try redis.command(["PING"]) } }
        while !running.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        let waiting = (0..<2).map { _ in Task { try await pool.execute { redis in try redis.command(["PING"]) } } }
        while pool.pendingJobs < 2 { try await Task.sleep(for: .milliseconds(5)) }
        let refused = await #expect(throws: ServingError.self) {
            _ = try await pool.execute { redis in try redis.command(["PING"]) }
        }
        #expect(refused?.code == .cacheUnavailable)
        #expect(refused?.message.contains("overloaded") == true)
        release.signal()
        #expect(try await holder.value == .status("PONG"))
        for task in waiting { #expect(try await task.value == .status("PONG")) }
    }
}

@Suite struct RedisConnectionPoolConfigurationTests {
    @Test func addressesParseAsHostAndPortWithTheDefaultPort() throws {
        let plain = try RedisConnectionPool.Configuration(address: "cache.internal:6380")
        #expect(plain.host == "cache.internal")
        #expect(plain.port == 6380)
        let url = try RedisConnectionPool.Configuration(address: "redis://10.0.0.7/")
        #expect(url.host == "10.0.0.7")
        #expect(url.port == 6379)
        for bad in ["", ":6379", "host:0", "host:port", "a:1:2"] {
            let error = #expect(throws: ServingError.self) { try RedisConnectionPool.Configuration(address: bad) }
            #expect(error?.field == "redis", "\(bad)")
        }
    }
}
