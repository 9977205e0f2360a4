import Foundation

/// The topics of the TickFlow contract, loaded from `topics/*.json` and checked against the Protobuf
/// schemas in `topics/schema/*.proto`.
public struct TopicCatalog: Sendable {
    /// Every definition, sorted by name.
    public let definitions: [TopicDefinition]
    /// The fully qualified Protobuf messages declared by the schemas, e.g. `tickflow.v1.Trade`.
    public let schemaMessages: Set<String>

    private let byName: [String: TopicDefinition]

    /// Creates a catalog from definitions, validating each, rejecting duplicate names and, when
    /// `schemaMessages` is given, value messages it does not contain.
    ///
    /// - Throws: ``StreamError`` with code ``StreamError/Code/topicDefinition``.
    public init(definitions: [TopicDefinition], schemaMessages: Set<String>? = nil) throws(StreamError) {
        var byName: [String: TopicDefinition] = [:]
        for definition in definitions {
            try definition.validate()
            if byName[definition.name] != nil {
                throw StreamError(.topicDefinition, "duplicate topic name \"\(definition.name)\"")
            }
            if let schemaMessages, !schemaMessages.contains(definition.valueMessage) {
                throw StreamError(
                    .topicDefinition,
                    "topic \"\(definition.name)\": valueMessage \(definition.valueMessage) is not declared in the schemas")
            }
            byName[definition.name] = definition
        }
        self.byName = byName
        self.definitions = definitions.sorted { $0.name < $1.name }
        self.schemaMessages = schemaMessages ?? []
    }

    /// Loads every `*.json` file of `directory` (one topic per file, named `<topic-name>.json`) and
    /// checks each value message against the `message` declarations of `schemaDirectory/*.proto`
    /// (by default `directory/schema`).
    ///
    /// - Throws: ``StreamError`` with code ``StreamError/Code/topicDefinition`` naming the file: unreadable
    ///   or malformed JSON, a missing field, an unknown cleanup policy, an invalid value, a file name that
    ///   is not the topic name, a duplicate topic name, or a value message no schema declares.
    public static func load(directory: String, schemaDirectory: String? = nil) throws(StreamError) -> TopicCatalog {
        let schemaDirectory = schemaDirectory ?? (directory as NSString).appendingPathComponent("schema")
        let schemaMessages = try declaredMessages(inProtoDirectory: schemaDirectory)
        let files = try listFiles(in: directory, suffix: ".json")
        if files.isEmpty { throw StreamError(.topicDefinition, "no topic definitions (*.json) in \(directory)") }

        var loaded: [(path: String, file: String, definition: TopicDefinition)] = []
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            let definition = try decodeDefinition(at: path)
            do {
                try definition.validate()
            } catch {
                throw StreamError(.topicDefinition, "\(path): \(error.message)", underlying: error)
            }
            loaded.append((path, file, definition))
        }
        var fileOfTopic: [String: String] = [:]
        for (path, _, definition) in loaded {
            if let other = fileOfTopic[definition.name] {
                throw StreamError(
                    .topicDefinition, "\(path): duplicate topic name \"\(definition.name)\", also defined in \(other)")
            }
            fileOfTopic[definition.name] = path
        }
        for (path, file, definition) in loaded {
            if file != definition.name + ".json" {
                throw StreamError(
                    .topicDefinition, "\(path): the file of topic \"\(definition.name)\" must be named \(definition.name).json")
            }
            if !schemaMessages.contains(definition.valueMessage) {
                throw StreamError(
                    .topicDefinition,
                    "\(path): valueMessage \(definition.valueMessage) is not a message declared in \(schemaDirectory)/*.proto")
            }
        }
        let definitions = loaded.map(\.definition)
        return try TopicCatalog(definitions: definitions, schemaMessages: schemaMessages)
    }

    /// The definition of the topic `name`, if any.
    public subscript(name: String) -> TopicDefinition? { byName[name] }

    /// The definition of the topic `name`.
    ///
    /// - Throws: ``StreamError`` with code ``StreamError/Code/topicDefinition`` if there is none.
    public func definition(named name: String) throws(StreamError) -> TopicDefinition {
        guard let definition = byName[name] else {
            throw StreamError(.topicDefinition, "unknown topic \"\(name)\"")
        }
        return definition
    }

    /// The topic names, sorted.
    public var names: [String] { definitions.map(\.name) }

    /// The fully qualified names of the messages declared in every `*.proto` file of `directory`.
    ///
    /// - Throws: ``StreamError`` with code ``StreamError/Code/topicDefinition`` if the directory cannot
    ///   be read or holds no `.proto` file.
    public static func declaredMessages(inProtoDirectory directory: String) throws(StreamError) -> Set<String> {
        let files = try listFiles(in: directory, suffix: ".proto")
        if files.isEmpty { throw StreamError(.topicDefinition, "no Protobuf schemas (*.proto) in \(directory)") }
        var messages: Set<String> = []
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw StreamError(.topicDefinition, "\(path): cannot read the schema")
            }
            messages.formUnion(declaredMessages(inProtoSource: String(decoding: data, as: UTF8.self)))
        }
        return messages
    }

    /// The fully qualified names of the messages (nested ones included) declared in one `.proto` source.
    public static func declaredMessages(inProtoSource source: String) -> Set<String> {
        let tokens = ProtoTokenizer.tokens(of: source)
        var package = ""
        var scopes: [String?] = []  // a message name, or nil for any other block
        var messages: Set<String> = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            switch token {
            case "package" where scopes.isEmpty && index + 1 < tokens.count:
                package = tokens[index + 1]
                index += 2
                continue
            case "message" where index + 2 < tokens.count && tokens[index + 2] == "{":
                let name = tokens[index + 1]
                let enclosing = scopes.compactMap { $0 }
                let qualified = ([package].filter { !$0.isEmpty } + enclosing + [name]).joined(separator: ".")
                messages.insert(qualified)
                scopes.append(name)
                index += 3
                continue
            case "{":
                scopes.append(nil)
            case "}":
                _ = scopes.popLast()
            default:
                break
            }
            index += 1
        }
        return messages
    }

    private static func listFiles(in directory: String, suffix: String) throws(StreamError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted()
        } catch {
            throw StreamError(.topicDefinition, "cannot list \(directory): \(error)", underlying: error)
        }
    }

    private static func decodeDefinition(at path: String) throws(StreamError) -> TopicDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StreamError(.topicDefinition, "\(path): cannot read the file")
        }
        do {
            return try JSONDecoder().decode(TopicDefinition.self, from: data)
        } catch let error as DecodingError {
            throw StreamError(.topicDefinition, "\(path): \(explain(error))", underlying: error)
        } catch {
            throw StreamError(.topicDefinition, "\(path): invalid JSON: \(error)", underlying: error)
        }
    }

    private static func explain(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, _):
            return "missing field \"\(key.stringValue)\""
        case .typeMismatch(let type, let context):
            return "field \"\(field(context.codingPath))\" must be a \(type)"
        case .valueNotFound(let type, let context):
            return "field \"\(field(context.codingPath))\" must be a \(type), got null"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let cause = context.underlyingError.map { ": \($0)" } ?? ""
            return "invalid JSON: \(context.debugDescription)\(cause)"
        case .dataCorrupted(let context):
            return "field \"\(field(context.codingPath))\": \(context.debugDescription)"
        @unknown default:
            return "invalid topic definition: \(error)"
        }
    }
}
