import Foundation
import Testing

@testable import Model

/// Decodes one sample of every TickFlow message with Python's `google.protobuf`, the way a quant
/// team reads the topics, and checks that it sees exactly the values Swift wrote.
///
/// Needs `protoc` and `.venv/bin/python` at the repository root with `protobuf` installed
/// (`python3 -m venv .venv && .venv/bin/pip install 'protobuf<5'`). It fails, never skips, when
/// either is missing.
@Suite struct PythonCrossCheckTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Loads every `*_pb2` module generated from `topics/schema`, decodes each `<Message>__<label>.bin`
    /// sample with `FromString`, and prints `{label: {"type": full name, "value": MessageToDict(...)}}`.
    static let decodeScript = """
        import glob, importlib, json, os, sys
        from google.protobuf.json_format import MessageToDict

        generated_dir, samples_dir = sys.argv[1], sys.argv[2]
        sys.path.insert(0, generated_dir)
        classes = {}
        for path in sorted(glob.glob(os.path.join(generated_dir, "*_pb2.py"))):
            module = importlib.import_module(os.path.basename(path)[:-3])
            for name in module.DESCRIPTOR.message_types_by_name:
                classes[name] = getattr(module, name)

        result = {}
        for path in sorted(glob.glob(os.path.join(samples_dir, "*.bin"))):
            label = os.path.basename(path)[:-4]
            with open(path, "rb") as f:
                message = classes[label.split("__")[0]].FromString(f.read())
            result[label] = {
                "type": message.DESCRIPTOR.full_name,
                "value": MessageToDict(message, preserving_proto_field_name=True),
            }
        json.dump(result, sys.stdout, sort_keys=True)
        """

    @Test func pythonDecodesEverySampleToTheSameValues() throws {
        let root = Self.repositoryRoot
        let python = root.appendingPathComponent(".venv/bin/python").path
        try #require(
            FileManager.default.isExecutableFile(atPath: python),
            """
            \(python) is missing: create it with \
            `python3 -m venv .venv && .venv/bin/pip install 'protobuf<5'` at the repository root
            """)
        let protoc = try #require(
            Self.findExecutable("protoc"), "protoc is not on PATH: apt-get install -y protobuf-compiler")

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-pycheck-\(UUID().uuidString)")
        let generated = work.appendingPathComponent("generated")
        let samples = work.appendingPathComponent("samples")
        try FileManager.default.createDirectory(at: generated, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: samples, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let written = try Self.writeSamples(to: samples)
        let schemaDir = root.appendingPathComponent("topics/schema")
        let protos = try FileManager.default.contentsOfDirectory(atPath: schemaDir.path)
            .filter { $0.hasSuffix(".proto") }.sorted().map { schemaDir.appendingPathComponent($0).path }
        try Self.run(protoc, ["--python_out=\(generated.path)", "-I", schemaDir.path] + protos)
        let script = work.appendingPathComponent("decode_samples.py")
        try Self.decodeScript.write(to: script, atomically: true, encoding: .utf8)
        let output = try Self.run(python, [script.path, generated.path, samples.path])

        // JSONDecoder, not JSONSerialization: on Linux the latter does not parse doubles exactly.
        let decoded = try JSONDecoder().decode([String: JSONValue].self, from: output)
        #expect(Set(decoded.keys) == Set(written))
        func value(_ label: String) throws -> [String: JSONValue] {
            let entry = try #require(decoded[label]?.object, "Python did not decode \(label)")
            #expect(entry["type"]?.string == "tickflow.v1." + label.components(separatedBy: "__")[0])
            return try #require(entry["value"]?.object)
        }

        // MessageToDict: 64-bit integers are strings, enums are names, bytes are base64, defaults omitted.
        let trade = try value("Trade__aapl")
        #expect(trade["instrument_id"]?.string == Samples.appleId)
        #expect(trade["price"]?.double == 189.43)
        #expect(trade["quantity"]?.double == 200)
        #expect(trade["aggressor_side"]?.string == "AGGRESSOR_SIDE_BUY")
        #expect(trade["sequence"]?.string == "1042117")
        #expect(trade["event_time_ns"]?.string == "1710513000123456789")
        #expect(trade["ingest_time_ns"]?.string == "1710513000124306789")

        let quote = try value("Quote__ust10y")
        #expect(quote["bid_price"]?.double == 98.515625)
        #expect(quote["ask_size"]?.double == 10_000_000)
        #expect(quote["venue"] == nil)

        let tradeEvent = try value("MarketEvent__trade")
        #expect(tradeEvent["trade"]?.object?["symbol"]?.string == "AAPL")
        #expect(tradeEvent["quote"] == nil)
        let quoteEvent = try value("MarketEvent__quote")
        #expect(quoteEvent["quote"]?.object?["ask_price"]?.double == 98.53125)

        let bar = try value("Bar__aapl_1m")
        #expect(bar["interval"]?.string == "BAR_INTERVAL_1M")
        #expect(bar["window_start_ns"]?.string == "1710513000000000000")
        #expect(bar["window_end_ns"]?.string == "1710513060000000000")
        #expect(bar["open"]?.double == 189.40)
        #expect(bar["high"]?.double == 189.62)
        #expect(bar["low"]?.double == 189.31)
        #expect(bar["close"]?.double == 189.55)
        #expect(bar["vwap"]?.double == 189.4718)
        #expect(bar["trade_count"]?.string == "312")
        #expect(bar["notional_base"]?.double == 9_132_540.76)
        #expect(bar["revision"]?.double == 1)

        let fx = try value("FXRate__eurusd")
        #expect(fx["pair"]?.string == "EURUSD")
        #expect(fx["rate"]?.double == 1.08745)
        #expect(fx["ask"]?.double == 1.08746)

        let news = try value("NewsItem__aapl")
        #expect(news["tickers"]?.array?.compactMap(\.string) == ["AAPL", "MSFT"])
        #expect(news["sentiment"]?.double == 0.42)
        #expect(news["source"]?.string == "Reuters")

        let subscription = try value("ClientFlow__subscription")
        #expect(subscription["amount"]?.string == "1234567.89")
        #expect(subscription["currency"]?.string == "EUR")
        #expect(subscription["kind"]?.string == "CLIENT_FLOW_KIND_SUBSCRIPTION")
        let dust = try value("ClientFlow__dust")
        #expect(dust["amount"]?.string == "0.00000001")
        #expect(dust["kind"]?.string == "CLIENT_FLOW_KIND_REDEMPTION")

        let book = try value("TopOfBook__aapl")
        #expect(book["mid"]?.double == Samples.appleBook.mid)
        #expect(book["spread"]?.double == Samples.appleBook.spread)
        #expect(book["ask_venue"]?.string == "ARCX")

        let risk = try value("RiskMetric__var")
        #expect(risk["kind"]?.string == "RISK_METRIC_KIND_VAR")
        #expect(risk["method"]?.string == "RISK_METHOD_HISTORICAL")
        #expect(risk["confidence"]?.double == 0.99)
        #expect(risk["horizon_days"]?.double == 1)
        #expect(risk["value"]?.double == 1_254_300.55)

        let anomaly = try value("Anomaly__tsla")
        #expect(anomaly["score"]?.double == 0.87)
        #expect(anomaly["components"]?.object?.compactMapValues(\.double) == ["return_zscore": 0.93, "volume_spike": 0.41])
        #expect(anomaly["threshold"]?.double == 0.8)

        let letter = try Samples.lateTradeDeadLetter()
        let deadLetter = try value("DeadLetter__late")
        #expect(deadLetter["reason_code"]?.string == "LATE_EVENT")
        #expect(deadLetter["source_partition"]?.double == 3)
        #expect(deadLetter["source_offset"]?.string == "1048576")
        #expect(deadLetter["key"]?.string == Data(letter.key!).base64EncodedString())
        #expect(deadLetter["payload"]?.string == Data(letter.payload).base64EncodedString())
        #expect(deadLetter["failed_at_ns"]?.string == String(letter.failedAtNanos))

        let call = try value("Instrument__aapl_call")
        #expect(call["id"]?.string == Samples.appleCallId)
        #expect(call["asset_class"]?.string == "ASSET_CLASS_DERIVATIVE")
        #expect(call["tick_size"]?.double == 0.05)
        let option = try #require(call["option"]?.object)
        #expect(option["underlying_id"]?.string == Samples.appleId)
        #expect(option["strike"]?.double == 190)
        #expect(option["expiry_ns"]?.string == "1719000000000000000")
        #expect(option["right"]?.string == "OPTION_RIGHT_CALL")
        let apple = try value("Instrument__aapl")
        #expect(apple["sector"]?.string == "Information Technology")
        #expect(apple["option"] == nil)

        let signal = try value("TradingSignal__aapl")
        #expect(signal["model"]?.string == "momentum-lgbm")
        #expect(signal["value"]?.double == 0.35)
        #expect(signal["horizon_ns"]?.string == "300000000000")

        let enriched = try value("EnrichedTick__sie")
        #expect(enriched["trade"]?.object?["price"]?.double == 176.84)
        #expect(enriched["base_currency"]?.string == "USD")
        #expect(enriched["fx_rate"]?.double == 1.08745)
        #expect(enriched["fx_interpolated"]?.bool == true)
        #expect(enriched["price_base"]?.double == Samples.siemensEnriched.priceBase)
        #expect(enriched["notional_base"]?.double == Samples.siemensEnriched.notionalBase)
        #expect(enriched["asset_class"]?.string == "ASSET_CLASS_EQUITY")
        #expect(enriched["region"]?.string == "Europe")
    }

    /// Writes one `<Message>__<label>.bin` file per sample and returns the labels.
    static func writeSamples(to directory: URL) throws -> [String] {
        let samples: [(String, any ProtobufRepresentable)] = [
            ("Trade__aapl", Samples.appleTrade),
            ("Quote__ust10y", Samples.ust10yQuote),
            ("MarketEvent__trade", MarketEvent.trade(Samples.appleTrade)),
            ("MarketEvent__quote", MarketEvent.quote(Samples.ust10yQuote)),
            ("Bar__aapl_1m", Samples.appleBar),
            ("FXRate__eurusd", Samples.eurUsd),
            ("NewsItem__aapl", Samples.appleNews),
            ("ClientFlow__subscription", Samples.subscription),
            ("ClientFlow__dust", Samples.dustRedemption),
            ("TopOfBook__aapl", Samples.appleBook),
            ("RiskMetric__var", Samples.portfolioVaR),
            ("Anomaly__tsla", Samples.teslaAnomaly),
            ("DeadLetter__late", try Samples.lateTradeDeadLetter()),
            ("Instrument__aapl", Samples.apple),
            ("Instrument__aapl_call", Samples.appleCall),
            ("TradingSignal__aapl", Samples.appleSignal),
            ("EnrichedTick__sie", Samples.siemensEnriched),
        ]
        for (label, sample) in samples {
            try Data(sample.serializedBytes()).write(to: directory.appendingPathComponent(label + ".bin"))
        }
        return samples.map(\.0)
    }

    /// Runs a program, fails with its stderr if it exits non-zero, and returns its stdout.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-run-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: outputFile.path + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(atPath: outputFile.path + ".err")
        }
        let stdout = try FileHandle(forWritingTo: outputFile)
        let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile.path + ".err"))
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        let errors = String(decoding: try Data(contentsOf: URL(fileURLWithPath: outputFile.path + ".err")), as: UTF8.self)
        try #require(
            process.terminationStatus == 0,
            "\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus): \(errors)")
        return try Data(contentsOf: outputFile)
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Any JSON value, decoded with `JSONDecoder` so that doubles are exact.
    enum JSONValue: Decodable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSONValue])
        case object([String: JSONValue])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else if let value = try? container.decode([JSONValue].self) {
                self = .array(value)
            } else {
                self = .object(try container.decode([String: JSONValue].self))
            }
        }

        var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
        var double: Double? { if case .number(let value) = self { value } else { nil } }
        var string: String? { if case .string(let value) = self { value } else { nil } }
        var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
        var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    }
}
