/// The serving API (HTTP, Redis views, ledger) lands here with the [Ledger API] and [Market views] issues.
public enum Serving {}
