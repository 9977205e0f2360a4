import Foundation
import Logging

/// Which database holds the ledger: Postgres (distributed) or an SQLite file (embedded default).
public enum LedgerBackend: Sendable {
    case postgres(PostgresLedgerStore.Configuration)
    case sqlite(path: String)

    /// Opens the store and applies pending migrations.
    ///
    /// - Throws: ``ServingError`` (`storage`, `migration`).
    public func open(logger: Logger = Logger(label: "tickflow.ledger")) async throws(ServingError) -> any LedgerStore {
        let store: any LedgerStore
        switch self {
        case .postgres(let configuration): store = PostgresLedgerStore(configuration: configuration, logger: logger)
        case .sqlite(let path): store = try SQLiteLedgerStore(path: path)
        }
        do {
            try await store.migrate()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// A JWT secret kept next to the data (created once), so that tokens survive restarts of an embedded
    /// server that was given no secret.
    public static func persistentSecret(in directory: String) throws -> String {
        let path = "\(directory)/jwt.secret"
        if let existing = try? String(contentsOfFile: path, encoding: .utf8), existing.count >= 32 {
            return existing.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<48).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try secret.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return secret
    }
}
