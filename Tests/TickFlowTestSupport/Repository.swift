import Foundation

/// Paths inside the repository, independent of the test runner's working directory.
public enum Repository {
    /// The repository root (the directory holding Package.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The absolute path of a file given relative to the root, e.g. `config/instruments.csv`.
    public static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// The repository's Python with the reference tools (`.venv/bin/python`, made by scripts/bootstrap).
    public static var python: String { path(".venv/bin/python") }
}
