import Foundation
/// One benchmark's result: our figure and the peer's, measured in the same run on the same machine.
struct BenchMeasurement: Sendable, Codable {
    /// The benchmark name, as given to `make bench NAME=…`.
    var name: String
    /// TickFlow's figure.
    var ours: Double
    /// The peer's figure (kcat, a bare AsyncStream chain, pyarrow…), or the target for a latency bound.
    var peer: Double
    /// The unit of both figures, e.g. `msgs/s` or `ms`.
    var unit: String
    /// `true` for rates (ratio = ours/peer), `false` for times and latencies (ratio = peer/ours).
    var higherIsBetter: Bool

    /// Greater than 1 when TickFlow is ahead, whatever the unit.
    var ratio: Double {
        guard ours > 0, peer > 0 else { return 0 }
        return higherIsBetter ? ours / peer : peer / ours
    }

    /// The line every benchmark prints last: `NAME ours=… peer=… unit=… ratio=…`.
    var line: String {
        func format(_ value: Double) -> String {
            value >= 100 ? String(Int(value.rounded())) : String(format: "%.4g", value)
        }
        return "\(name) ours=\(format(ours)) peer=\(format(peer)) unit=\(unit) ratio=\(String(format: "%.3f", ratio))"
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
