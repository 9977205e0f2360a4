/// A benchmark that could not run: a missing tool, a peer that failed, a server that did not start.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
