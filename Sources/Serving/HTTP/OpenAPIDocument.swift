import Foundation

/// The OpenAPI 3.1 description of the API (`Sources/Serving/HTTP/openapi.yaml`, a bundled resource).
public enum OpenAPIDocument {
    /// The document's text.
    ///
    /// - Throws: ``ServingError`` (`storage`) when the resource is missing.
    public static func text() throws(ServingError) -> String {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw ServingError(.storage, "openapi.yaml is missing from the Serving bundle") }
        return text
    }
}
