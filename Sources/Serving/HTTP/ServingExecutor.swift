import NIOCore
import NIOPosix

/// Where the server's Swift tasks run.
public enum ServingExecutor {
    /// Makes NIO's event loops (`MultiThreadedEventLoopGroup.singleton`, the loops the server's sockets live on)
    /// Swift Concurrency's global executor, so a request's handler runs on the thread that read it instead of
    /// hopping to the cooperative pool and back for every request and every Redis reply.
    ///
    /// Call it once, first thing in the process, before any task runs; a process that keeps the CPU busy
    /// outside of I/O (the embedded pipeline) should not, since its work would then hold up the sockets.
    /// - Returns: whether the event loops became the global executor.
    @discardableResult
    public static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
