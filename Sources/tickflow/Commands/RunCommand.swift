import ArgumentParser

/// `tickflow run`: the embedded default, everything in one process (filled in below once the runtime lands).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run TickFlow embedded in one process.")
    func run() async throws {}
}
