/// The Parquet-compatible warehouse lands here with the [Warehouse] issue.
public enum Warehouse {}
