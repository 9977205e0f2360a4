import Foundation

/// One versioned schema migration: `Migrations/<dialect>/<NNN>_<name>.sql`, applied once, in order.
public struct Migration: Sendable, Hashable {
    /// The version, the file name's number.
    public var version: Int
    /// The file name without number and extension.
    public var name: String
    /// The statements, separated by `;` at the end of a line.
    public var sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// The statements of the migration, one per element.
    public var statements: [String] {
        sql.components(separatedBy: ";\n")
            .map { $0.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }.joined(separator: "\n") }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ";"))) }
            .filter { !$0.isEmpty }
    }

    /// The migrations shipped for a dialect, in version order.
    ///
    /// - Throws: ``ServingError`` (`migration`) when the resources are missing or a file name has no version.
    public static func bundled(for dialect: SQLDialect) throws(ServingError) -> [Migration] {
        let folder = dialect == .postgres ? "postgres" : "sqlite"
        guard let root = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw ServingError(.migration, "the Migrations resource folder is missing from the Serving bundle")
        }
        let directory = root.appendingPathComponent(folder)
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw ServingError(.migration, "cannot list \(directory.path): \(error)")
        }
        var migrations: [Migration] = []
        for file in names where file.hasSuffix(".sql") {
            let stem = String(file.dropLast(4))
            let parts = stem.split(separator: "_", maxSplits: 1)
            guard let first = parts.first, let version = Int(first) else {
                throw ServingError(.migration, "\(file): a migration's name starts with its version number, e.g. 001_init.sql")
            }
            let sql: String
            do { sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) } catch {
                throw ServingError(.migration, "cannot read \(file): \(error)")
            }
            migrations.append(Migration(version: version, name: parts.count > 1 ? String(parts[1]) : stem, sql: sql))
        }
        return migrations.sorted { $0.version < $1.version }
    }
}
