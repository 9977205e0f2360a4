// The harness's process and server helpers live in the ProcessSupport library (the benchmarks use them too);
// tests keep reaching them through TickFlowTestSupport.
@_exported import ProcessSupport

/// The harness's name for ``ProcessSupport/CommandError``.
public typealias TestServerError = CommandError
