import Foundation

/// Which page of a list to return: items after the cursor, at most `limit` of them.
public struct PageRequest: Sendable, Hashable {
    /// Items per page when the request names none.
    public static let defaultLimit = 100
    /// The most items a page may hold.
    public static let maximumLimit = 1000

    public var limit: Int
    /// The id of the last item of the previous page (decoded from the opaque cursor), nil for the first page.
    public var after: String?

    /// Creates a page request; `limit` must lie in 1...``maximumLimit``.
    public init(limit: Int = PageRequest.defaultLimit, after: String? = nil) {
        self.limit = limit
        self.after = after
    }

    /// Parses the `limit` and `cursor` query parameters.
    ///
    /// - Throws: ``ServingError`` (`validation`) naming `limit` or `cursor`.
    public init(limit: String?, cursor: String?) throws(ServingError) {
        var parsed = PageRequest.defaultLimit
        if let limit {
            guard let value = Int(limit), (1...PageRequest.maximumLimit).contains(value) else {
                throw ServingError(.validation, field: "limit", "limit must be an integer from 1 to \(PageRequest.maximumLimit)")
            }
            parsed = value
        }
        var after: String?
        if let cursor, !cursor.isEmpty {
            guard let data = Data(base64Encoded: Self.padded(cursor)), let id = String(data: data, encoding: .utf8),
                id.hasPrefix("c:")
            else {
                throw ServingError(.validation, field: "cursor", "cursor is not one this API returned")
            }
            after = String(id.dropFirst(2))
        }
        self.init(limit: parsed, after: after)
    }

    /// The opaque cursor that continues after `id`.
    public static func cursor(after id: String) -> String {
        Data("c:\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func padded(_ cursor: String) -> String {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return text
    }
}

/// One page of a list, and the cursor of the next one (nil on the last page).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    /// Creates a page.
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// Builds a page from up to `limit + 1` rows fetched in id order: the extra row means there is more.
    static func from(_ rows: [Item], limit: Int, id: (Item) -> String) -> Page {
        guard rows.count > limit else { return Page(items: rows, nextCursor: nil) }
        let items = Array(rows.prefix(limit))
        return Page(items: items, nextCursor: items.last.map { PageRequest.cursor(after: id($0)) })
    }
}
