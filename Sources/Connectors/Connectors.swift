/// Feed adapters and normalisation (simulator, CSV/JSONL replay, FIX 4.4, news, client flows) land here with
/// the [Connectors] issue; the module exists now so that the dependency graph of DESIGN.md is in place.
public enum Connectors {}
