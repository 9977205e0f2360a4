import Foundation
import Model

/// Tables of the 128-layer ziggurat for the standard normal (Marsaglia & Tsang 2000, in Doornik's 2005
/// ZIGNOR form, which draws the uniform in double precision): ~99 % of draws cost one random word, a
/// multiplication and a comparison, which is what makes 5 million Monte Carlo shocks cheap.
struct Ziggurat: Sendable {
    /// Layer count.
    static let layers = 128
    /// Start of the tail, `R`.
    static let tailStart = 3.442619855899
    /// The area of each layer, `V`.
    static let layerArea = 9.91256303526217e-3

    /// Right edges `x[0…128]` (`x[0] = V / f(R)` for the base layer, `x[128] = 0`).
    let edges: [Double]
    /// `x[i+1] / x[i]`: below it a draw lies inside the layer's rectangle.
    let ratios: [Double]

    static let shared = Ziggurat()

    private init() {
        var x = [Double](repeating: 0, count: Self.layers + 1)
        var f = Foundation.exp(-0.5 * Self.tailStart * Self.tailStart)
        x[0] = Self.layerArea / f
        x[1] = Self.tailStart
        for i in 2..<Self.layers {
            x[i] = (-2 * Foundation.log(Self.layerArea / x[i - 1] + f)).squareRoot()
            f = Foundation.exp(-0.5 * x[i] * x[i])
        }
        edges = x
        ratios = (0..<Self.layers).map { x[$0 + 1] / x[$0] }
    }
}

extension SeededGenerator {
    /// Fills `buffer` with standard normals by the ziggurat method.
    public mutating func fillNormals(_ buffer: UnsafeMutableBufferPointer<Double>) {
        let table = Ziggurat.shared
        table.edges.withUnsafeBufferPointer { x in
            table.ratios.withUnsafeBufferPointer { r in
                for k in buffer.indices { buffer[k] = nextZigguratNormal(x, r) }
            }
        }
    }

    @inline(__always)
    private mutating func nextZigguratNormal(_ x: UnsafeBufferPointer<Double>, _ r: UnsafeBufferPointer<Double>) -> Double {
        while true {
            let bits = next()
            let layer = Int(bits & 0x7F)
            let u = 2 * (Double(bits >> 11) * 0x1.0p-53) - 1
            if abs(u) < r[layer] { return u * x[layer] }
            if layer == 0 { return tailNormal(negative: u < 0) }
            let candidate = u * x[layer]
            let f0 = Foundation.exp(-0.5 * (x[layer] * x[layer] - candidate * candidate))
            let f1 = Foundation.exp(-0.5 * (x[layer + 1] * x[layer + 1] - candidate * candidate))
            if f1 + nextUniform() * (f0 - f1) < 1 { return candidate }
        }
    }

    /// A draw from the normal tail beyond `R` (Marsaglia's exponential rejection).
    private mutating func tailNormal(negative: Bool) -> Double {
        while true {
            let x = Foundation.log(1 - nextUniform()) / Ziggurat.tailStart
            let y = Foundation.log(1 - nextUniform())
            if -2 * y >= x * x { return negative ? x - Ziggurat.tailStart : Ziggurat.tailStart - x }
        }
    }
}
