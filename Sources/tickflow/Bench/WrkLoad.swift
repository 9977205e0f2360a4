import Foundation

/// A wrk load from another process, driven by one of the benchmarks' Lua scripts: the script (after
/// ``prelude``) and the callers' bearer tokens (one per line) are written to a temporary directory, and every run
/// passes the script `<tokens file> <threads> <extra…>` as its arguments.
///
/// A script defines `init(args)` (calling `tokens(args)` for its thread's slice of the tokens), `request()`, and
/// `response(status, headers, body)`, which adds to the globals `ok` or `failed`.
struct WrkLoad {
    private let directory: URL
    private let script: URL
    private let tokens: URL

    /// Writes the script and the tokens.
    ///
    /// - Throws: a file-system error.
    init(script text: String, tokens: [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-wrk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        script = directory.appendingPathComponent("load.lua")
        self.tokens = directory.appendingPathComponent("tokens")
        try Data((Self.prelude + text).utf8).write(to: script)
        try Data(tokens.joined(separator: "\n").utf8).write(to: self.tokens)
    }

    /// Runs wrk against `url` for `seconds` with `connections` spread over `threads`, and reads the script's
    /// summary.
    ///
    /// - Throws: ``BenchError`` from ``WrkResult/init(running:)``.
    func run(url: String, threads: Int = 2, connections: Int, seconds: Int, scriptArguments: [String] = []) async throws -> WrkResult {
        try await WrkResult(running: [
            "-t", String(threads), "-c", String(connections), "-d", "\(seconds)s", "-s", script.path, url,
            "--", tokens.path, String(threads),
        ] + scriptArguments)
    }

    /// Removes the temporary directory.
    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// What every script shares: numbering the threads, each thread's slice of the tokens (so that two
    /// connections rarely act as the same user), and one summary line for ``WrkResult`` at the end.
    static let prelude = #"""
        local threads, count = {}, 0
        function setup(thread)
          thread:set("id", count)
          count = count + 1
          table.insert(threads, thread)
        end
        function tokens(args)
          local n, i, mine = tonumber(args[2]), 0, {}
          for line in io.lines(args[1]) do
            if i % n == id then mine[#mine + 1] = "Bearer " .. line end
            i = i + 1
          end
          return mine
        end
        ok, failed = 0, 0
        function done(summary, latency, requests)
          local s, x = 0, 0
          for _, t in ipairs(threads) do s, x = s + t:get("ok"), x + t:get("failed") end
          local e = summary.errors
          io.write(string.format("WRK ok=%d failed=%d errors=%d duration_us=%d p50_us=%d p99_us=%d\n",
            s, x, e.connect + e.read + e.write + e.timeout, summary.duration, latency:percentile(50), latency:percentile(99)))
        end

        """#
}
