import ServiceLifecycle

/// A ``PartitionedProcessor`` runs in a `ServiceGroup`: graceful shutdown (SIGTERM, SIGINT) calls
/// ``PartitionedProcessor/stop()``, which snapshots every partition and flushes before ``PartitionedProcessor/run()``
/// returns.
extension PartitionedProcessor: Service {}
