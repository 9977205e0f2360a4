import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

import Serving

/// `/dashboard` over HTTP: the page and every file it loads answer 200 with their content types, without
/// authentication, and nothing in them points outside the server (no CDN): the page works offline.
@Suite struct DashboardAPITests {
    struct Fetched {
        var status: Int
        var contentType: String?
        var contentSecurityPolicy: String?
        var body: String
    }

    static func fetch(_ port: Int, _ path: String) async throws -> Fetched {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 4 << 20)
        return Fetched(
            status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
            contentSecurityPolicy: response.headers.first(name: "Content-Security-Policy"), body: String(buffer: body))
    }

    /// The `src="…"` and `href="…"` values of an HTML page.
    static func references(_ html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"(?:src|href)\s*=\s*"([^"]*)""#)
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]) }
        }
    }

    @Test func thePageAndItsFilesAnswerWithoutExternalReferences() async throws {
        try await withLiveServer { server in
            let page = try await Self.fetch(server.port, "/dashboard")
            #expect(page.status == 200)
            #expect(page.contentType?.hasPrefix("text/html") == true)
            #expect(page.body.contains("<canvas id=\"candles\""))
            #expect(page.body.contains("<table id=\"prices\""))
            let policy = try #require(page.contentSecurityPolicy)
            #expect(policy.contains("default-src 'self'"))
            #expect(policy.contains("connect-src 'self'"))

            let references = Self.references(page.body)
            let expectedTypes = [
                "/dashboard/style.css": "text/css", "/dashboard/chart.js": "text/javascript", "/dashboard/view.js": "text/javascript",
                "/dashboard/app.js": "text/javascript",
            ]
            #expect(Set(references) == Set(expectedTypes.keys))
            var bodies = [page.body]
            for reference in references {
                let file = try await Self.fetch(server.port, reference)
                #expect(file.status == 200, "\(reference)")
                let wanted = try #require(expectedTypes[reference])
                #expect(file.contentType?.hasPrefix(wanted) == true, "\(reference): \(file.contentType ?? "no content type")")
                #expect(!file.body.isEmpty, "\(reference)")
                bodies.append(file.body)
            }
            for body in bodies {
                let external = body.range(of: #"(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}"#, options: .regularExpression)
                #expect(external == nil, "an external reference: \(external.map { String(body[$0]) } ?? "")")
                #expect(!body.lowercased().contains("@import"))
            }
            // The scripts read the live stream with fetch (it needs the Authorization header), not EventSource.
            let app = bodies[bodies.count - 1]
            #expect(app.contains("/market-data/stream"))
            #expect(!app.contains("EventSource("))

            // A path under /dashboard that is not one of its files is a 404 in the API's error format.
            let missing = try await Self.fetch(server.port, "/dashboard/missing.js")
            #expect(missing.status == 404)
        }
    }
}
