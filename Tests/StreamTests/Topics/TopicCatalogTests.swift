import Foundation
import Testing

@testable import Stream

@Suite struct TopicCatalogTests {
    /// The repository's `topics/` directory.
    static let topicsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("topics").path

    static let expectedTopics = [
        "analytics.anomalies", "analytics.risk", "analytics.universe-bars", "bars.1d", "bars.1h", "bars.1m", "bars.1s", "bars.5m",
        "client-flows.inbound", "dlq.analytics", "dlq.ingest", "dlq.late", "dlq.stream", "dlq.views", "dlq.warehouse",
        "market-data.bonds.global",
        "market-data.derivatives.us", "market-data.enriched", "market-data.equities.us", "market-data.fx",
        "market-data.top-of-book", "news.raw", "portfolios.holdings", "reference.instruments", "trading-signals.ml",
    ]

    @Test func loadsTheRepositoryContract() throws {
        let catalog = try TopicCatalog.load(directory: Self.topicsDirectory)
        #expect(catalog.names == Self.expectedTopics)

        let equities = try catalog.definition(named: "market-data.equities.us")
        #expect(equities.partitions == 6)
        #expect(equities.replicationFactor == 3)
        #expect(equities.retentionMs == 604_800_000)
        #expect(equities.cleanupPolicy == .delete)
        #expect(equities.key == "instrument_id")
        #expect(equities.valueMessage == "tickflow.v1.MarketEvent")

        let fx = try #require(catalog["market-data.fx"])
        #expect(fx.isCompacted)
        #expect(fx.key == "currency_pair")
        #expect(fx.valueMessage == "tickflow.v1.FXRate")
        #expect(catalog["reference.instruments"]?.isCompacted == true)
        #expect(catalog["reference.instruments"]?.retainsForever == true)
        #expect(catalog["bars.1m"]?.valueMessage == "tickflow.v1.Bar")
        #expect(catalog["dlq.late"]?.valueMessage == "tickflow.v1.DeadLetter")
        #expect(catalog["market-data.enriched"]?.valueMessage == "tickflow.v1.EnrichedTick")
        #expect(catalog["no.such.topic"] == nil)
        #expect(throws: StreamError.self) { try catalog.definition(named: "no.such.topic") }
    }

    @Test func marketDataIsKeyedByInstrumentOnSixReplicatedPartitions() throws {
        let catalog = try TopicCatalog.load(directory: Self.topicsDirectory)
        let marketData = catalog.definitions.filter { $0.name.hasPrefix("market-data.") && $0.name != "market-data.fx" }
        #expect(marketData.count == 5)
        for definition in marketData + catalog.definitions.filter({ $0.name.hasPrefix("bars.") }) {
            #expect(definition.partitions == 6, "\(definition.name)")
            #expect(definition.replicationFactor == 3, "\(definition.name)")
            #expect(definition.key == "instrument_id", "\(definition.name)")
        }
        #expect(catalog.definitions.filter(\.isCompacted).map(\.name) == ["market-data.fx", "portfolios.holdings", "reference.instruments"])
    }

    @Test func everyValueMessageIsDeclaredInTheSchemas() throws {
        let catalog = try TopicCatalog.load(directory: Self.topicsDirectory)
        #expect(catalog.schemaMessages.isSuperset(of: [
            "tickflow.v1.Trade", "tickflow.v1.Quote", "tickflow.v1.MarketEvent", "tickflow.v1.Bar",
            "tickflow.v1.FXRate", "tickflow.v1.NewsItem", "tickflow.v1.ClientFlow", "tickflow.v1.TopOfBook",
            "tickflow.v1.RiskMetric", "tickflow.v1.Anomaly", "tickflow.v1.DeadLetter", "tickflow.v1.Instrument",
            "tickflow.v1.OptionTerms", "tickflow.v1.TradingSignal", "tickflow.v1.EnrichedTick",
        ]))
        for definition in catalog.definitions {
            #expect(catalog.schemaMessages.contains(definition.valueMessage))
        }
    }

    @Test func scansNestedMessagesAndIgnoresCommentsAndEnums() {
        let source = """
            syntax = "proto3";
            // message Commented { }
            package acme.v2;
            /* message AlsoCommented { } */
            enum Side { SIDE_UNSPECIFIED = 0; }
            message Order {
              string note = 1 [json_name = "message Fake {"];
              message Leg { double qty = 1; }
              oneof kind { Leg leg = 2; }
            }
            message Fill {}
            """
        #expect(TopicCatalog.declaredMessages(inProtoSource: source) == ["acme.v2.Order", "acme.v2.Order.Leg", "acme.v2.Fill"])
    }

    // MARK: - Malformed fixtures

    /// A temporary copy of the schema directory plus the given topic files.
    struct Fixture {
        let directory: URL

        init(files: [String: String]) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("topics-\(UUID().uuidString)")
            let schema = directory.appendingPathComponent("schema")
            try FileManager.default.createDirectory(at: schema, withIntermediateDirectories: true)
            let realSchema = URL(fileURLWithPath: TopicCatalogTests.topicsDirectory).appendingPathComponent("schema")
            for file in try FileManager.default.contentsOfDirectory(atPath: realSchema.path) where file.hasSuffix(".proto") {
                try FileManager.default.copyItem(
                    at: realSchema.appendingPathComponent(file), to: schema.appendingPathComponent(file))
            }
            for (name, contents) in files {
                try contents.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }

        /// Loads the fixture and returns the error message it fails with.
        func loadError() -> String? {
            defer { try? FileManager.default.removeItem(at: directory) }
            do {
                _ = try TopicCatalog.load(directory: directory.path)
                return nil
            } catch {
                #expect(error.code == .topicDefinition)
                return error.message
            }
        }
    }

    static func topicJSON(
        name: String = "market-data.equities.us", partitions: String = "6", cleanupPolicy: String = "\"delete\"",
        valueMessage: String = "tickflow.v1.MarketEvent", retentionMs: String = "604800000"
    ) -> String {
        """
        {"name": "\(name)", "partitions": \(partitions), "replicationFactor": 3, "retentionMs": \(retentionMs),
         "cleanupPolicy": \(cleanupPolicy), "key": "instrument_id", "valueMessage": "\(valueMessage)",
         "description": "Raw US equity trades and quotes."}
        """
    }

    @Test func aValidFixtureLoads() throws {
        let fixture = try Fixture(files: ["market-data.equities.us.json": Self.topicJSON()])
        #expect(fixture.loadError() == nil)
    }

    @Test func rejectsBadJSONNamingTheFile() throws {
        let message = try Fixture(files: ["market-data.equities.us.json": "{\"name\": \"market-data.equities.us\","])
            .loadError()
        #expect(message?.contains("market-data.equities.us.json: invalid JSON") == true, "\(message ?? "no error")")
    }

    @Test func rejectsAMissingField() throws {
        let json = Self.topicJSON().replacingOccurrences(of: "\"key\": \"instrument_id\",", with: "")
        let message = try Fixture(files: ["market-data.equities.us.json": json]).loadError()
        #expect(message?.hasSuffix("market-data.equities.us.json: missing field \"key\"") == true, "\(message ?? "no error")")
    }

    @Test func rejectsZeroPartitions() throws {
        let message = try Fixture(files: ["market-data.equities.us.json": Self.topicJSON(partitions: "0")]).loadError()
        #expect(message?.contains("market-data.equities.us.json: topic \"market-data.equities.us\": partitions must be >= 1, got 0") == true,
                "\(message ?? "no error")")
    }

    @Test func rejectsPartitionsOfTheWrongType() throws {
        let message = try Fixture(files: ["market-data.equities.us.json": Self.topicJSON(partitions: "\"six\"")]).loadError()
        #expect(message?.contains("field \"partitions\" must be a Int") == true, "\(message ?? "no error")")
    }

    @Test func rejectsAnUnknownCleanupPolicy() throws {
        let json = Self.topicJSON(cleanupPolicy: "\"compacted\"")
        let message = try Fixture(files: ["market-data.equities.us.json": json]).loadError()
        #expect(message?.contains("market-data.equities.us.json") == true)
        #expect(message?.contains("unknown cleanup policy \"compacted\" (expected \"delete\" or \"compact\")") == true,
                "\(message ?? "no error")")
    }

    @Test func rejectsABadRetention() throws {
        let message = try Fixture(files: ["market-data.equities.us.json": Self.topicJSON(retentionMs: "0")]).loadError()
        #expect(message?.contains("retentionMs must be > 0, or -1") == true, "\(message ?? "no error")")
    }

    @Test func rejectsDuplicateNames() throws {
        let message = try Fixture(files: [
            "market-data.equities.us.json": Self.topicJSON(),
            "market-data.equities.us.copy.json": Self.topicJSON(),
        ]).loadError()
        #expect(message?.contains("duplicate topic name \"market-data.equities.us\"") == true, "\(message ?? "no error")")
        #expect(message?.contains("market-data.equities.us.copy.json") == true, "\(message ?? "no error")")
        let renamed = try Fixture(files: ["equities.json": Self.topicJSON()]).loadError()
        #expect(renamed?.contains("equities.json: the file of topic \"market-data.equities.us\" must be named market-data.equities.us.json") == true,
                "\(renamed ?? "no error")")
        let catalogError = #expect(throws: StreamError.self) {
            try TopicCatalog(definitions: [Self.definition(), Self.definition()])
        }
        #expect(catalogError?.message == "duplicate topic name \"market-data.equities.us\"")
    }

    @Test func rejectsAValueMessageNoSchemaDeclares() throws {
        let json = Self.topicJSON(valueMessage: "tickflow.v1.Tick")
        let message = try Fixture(files: ["market-data.equities.us.json": json]).loadError()
        #expect(message?.contains("market-data.equities.us.json: valueMessage tickflow.v1.Tick is not a message declared in") == true,
                "\(message ?? "no error")")
        let unqualified = try Fixture(files: ["market-data.equities.us.json": Self.topicJSON(valueMessage: "MarketEvent")])
            .loadError()
        #expect(unqualified?.contains("must be a fully qualified Protobuf message") == true, "\(unqualified ?? "no error")")
    }

    @Test func rejectsAnEmptyOrMissingDirectory() throws {
        let empty = try Fixture(files: [:]).loadError()
        #expect(empty?.contains("no topic definitions") == true, "\(empty ?? "no error")")
        #expect(throws: StreamError.self) { try TopicCatalog.load(directory: "/nonexistent/topics") }
    }

    @Test func validateChecksNamesAndFields() {
        var definition = Self.definition()
        #expect(throws: Never.self) { try definition.validate() }
        definition.name = "market data"
        #expect(throws: StreamError.self) { try definition.validate() }
        definition = Self.definition()
        definition.replicationFactor = 0
        #expect(throws: StreamError.self) { try definition.validate() }
        definition = Self.definition()
        definition.retentionMs = -1
        #expect(throws: Never.self) { try definition.validate() }
    }

    @Test func roundTripsThroughJSON() throws {
        let definition = Self.definition()
        let data = try JSONEncoder().encode(definition)
        #expect(try JSONDecoder().decode(TopicDefinition.self, from: data) == definition)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"cleanupPolicy\":\"delete\""))
        #expect(text.contains("\"replicationFactor\":3"))
    }

    static func definition() -> TopicDefinition {
        TopicDefinition(
            name: "market-data.equities.us", partitions: 6, replicationFactor: 3, retentionMs: 604_800_000,
            cleanupPolicy: .delete, key: "instrument_id", valueMessage: "tickflow.v1.MarketEvent",
            description: "Raw US equity trades and quotes.")
    }
}
