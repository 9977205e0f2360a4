/// What a ledger user may do: investors own wallets, holdings and orders; brokers trade for investors who
/// authorized them; admins read everything; `system` is a service calling with an API key.
public enum UserRole: String, Sendable, Hashable, Codable, CaseIterable {
    case investor
    case broker
    case admin
    case system
}
