import HTTPTypes
import Hummingbird
import NIOCore

/// The live dashboard: `GET /dashboard` (the page), `/dashboard/style.css`, `/dashboard/chart.js`,
/// `/dashboard/view.js` and `/dashboard/app.js`, served from constants compiled into the binary (no resource
/// bundle, no external CDN), so a copied `tickflow` binary serves it as is.
///
/// The page needs no authentication; its API calls carry the user's bearer token (signed in on the page, or given
/// as `?token=` for scripted use). A Content-Security-Policy header restricts everything it loads or connects to
/// this origin.
public enum Dashboard {
    /// One file of the dashboard.
    struct Asset: Sendable {
        var path: String
        var contentType: String
        var body: String
    }

    /// What the dashboard serves, by path under the server's root.
    static let assets: [Asset] = [
        Asset(path: "dashboard", contentType: "text/html; charset=utf-8", body: DashboardPage.html),
        Asset(path: "dashboard/style.css", contentType: "text/css; charset=utf-8", body: DashboardStyle.css),
        Asset(path: "dashboard/chart.js", contentType: "text/javascript; charset=utf-8", body: DashboardChartScript.javaScript),
        Asset(path: "dashboard/view.js", contentType: "text/javascript; charset=utf-8", body: DashboardViewScript.javaScript),
        Asset(path: "dashboard/app.js", contentType: "text/javascript; charset=utf-8", body: DashboardAppScript.javaScript),
    ]

    /// Only this origin: the page's scripts, styles and API calls (the live stream included).
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"

    /// Registers the dashboard's routes on `router`.
    static func register(on router: Router<LedgerRequestContext>) {
        for asset in assets {
            // Built once: every request answers the same bytes.
            let bytes = ByteBuffer(string: asset.body)
            let headers = headers(contentType: asset.contentType)
            router.get(RouterPath(asset.path)) { _, _ in
                Response(status: .ok, headers: headers, body: .init(byteBuffer: bytes))
            }
        }
    }

    private static func headers(contentType: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-cache"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        return headers
    }
}
