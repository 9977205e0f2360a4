/// Incremental estimators and risk math land here with the [Analytics] issue; the module exists now so that
/// the dependency graph of DESIGN.md is in place.
public enum Analytics {}
