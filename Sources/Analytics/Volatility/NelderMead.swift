/// Nelder–Mead downhill simplex minimisation (standard coefficients 1, 2, ½, ½), with restarts from the best
/// vertex: a derivative-free optimiser robust to the flat, curved likelihoods of volatility models.
struct NelderMead: Sendable {
    /// Stop when the spread of the simplex' function values falls below this.
    var functionTolerance = 1e-11
    /// Iterations per start.
    var maxIterations = 4_000
    /// Restarts from the best point (a fresh simplex escapes a collapsed one).
    var restarts = 3

    struct Result {
        var point: [Double]
        var value: Double
        var iterations: Int
    }

    func minimize(_ f: ([Double]) -> Double, start: [Double], step: Double = 0.5) -> Result {
        var best = Result(point: start, value: f(start), iterations: 0)
        for attempt in 0...restarts {
            let run = minimizeOnce(f, start: best.point, step: attempt == 0 ? step : step / 4)
            let improvement = best.value - run.value
            if run.value < best.value { (best.point, best.value) = (run.point, run.value) }
            best.iterations += run.iterations
            if attempt > 0 && improvement < 1e-10 { break }
        }
        return best
    }

    private func minimizeOnce(_ f: ([Double]) -> Double, start: [Double], step: Double) -> Result {
        let n = start.count
        var simplex = [start]
        for i in 0..<n {
            var vertex = start
            vertex[i] += step
            simplex.append(vertex)
        }
        var values = simplex.map(f)
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if abs(values[n] - values[0]) <= functionTolerance * (abs(values[0]) + 1e-12) { break }
            var centroid = [Double](repeating: 0, count: n)
            for vertex in simplex[0..<n] {
                for j in 0..<n { centroid[j] += vertex[j] / Double(n) }
            }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let reflected = along(-1), reflectedValue = f(reflected)
            if reflectedValue < values[0] {
                let expanded = along(-2), expandedValue = f(expanded)
                (simplex[n], values[n]) = expandedValue < reflectedValue
                    ? (expanded, expandedValue) : (reflected, reflectedValue)
            } else if reflectedValue < values[n - 1] {
                (simplex[n], values[n]) = (reflected, reflectedValue)
            } else {
                let outside = reflectedValue < values[n]
                let contracted = along(outside ? -0.5 : 0.5), contractedValue = f(contracted)
                if contractedValue < (outside ? reflectedValue : values[n]) {
                    (simplex[n], values[n]) = (contracted, contractedValue)
                } else {
                    for i in 1...n {
                        simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = f(simplex[i])
                    }
                }
            }
        }
        let bestIndex = values.indices.min { values[$0] < values[$1] }!
        return Result(point: simplex[bestIndex], value: values[bestIndex], iterations: iteration)
    }
}
