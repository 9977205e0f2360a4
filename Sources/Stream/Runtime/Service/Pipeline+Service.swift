import ServiceLifecycle

extension Pipeline: Service {
    /// Runs until the input ends (then operators finish, a final checkpoint is taken and the sinks flushed) or
    /// until ``stop()`` (reading stops, in-flight batches drain, a final checkpoint is taken, sinks flush).
    ///
    /// In a `ServiceGroup`, graceful shutdown calls ``stop()``. Cancelling the calling task stops everything at
    /// once, without a final checkpoint: a restart resumes from the last checkpoint.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if the checkpoint to resume from does not fit this pipeline or the
    ///   final checkpoint fails; any error of the source, an operator or the sink; `CancellationError`.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await runUntilDone()
        } onGracefulShutdown: {
            self.stop()
        }
    }
}
