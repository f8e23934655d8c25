import Foundation
import Hummingbird

/// Every web page passes through here: the session from its cookie, an HTML error page for any error, and
/// the headers every page carries (no caching, a strict content security policy: every asset from this
/// server, no inline script; no referrer, so a sign-in token never leaks) plus `Server-Timing` with the
/// time spent making the page.
struct WebMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    static let sessionCookie = "qmatch_session"
    static let securityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    let sessions: WebSessions
    let pages: WebPages

    func handle(_ request: Request, context: ServerContext,
                next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        if let id = request.cookies[Self.sessionCookie]?.value, let session = sessions.session(id) {
            context.webSession = session
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = pages.render(error, session: context.webSession, logger: context.logger)
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        response.headers[.contentSecurityPolicy] = Self.securityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        response.headers[.serverTiming] = String(format: "app;dur=%.2f", milliseconds)
        return response
    }
}

extension HTTPFields.Element.Name {
    static let serverTiming = Self("Server-Timing")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}
