import Foundation
import Hummingbird
import Logging
import QMatching
import QProfiles
import QSignIn

/// The web pages for people: members (signed in by their personal link) and organisers (signed in with the
/// admin token). Thin, like the JSON routes: read the form, call the same services, render a template.
/// Member pages: ``MemberPages``, ``MemberProgrammePages``; organiser pages: ``OrganiserPages``,
/// ``OrganiserRoundPages``, ``OrganiserTeamPages``; here: signing in and out, the home
/// page and the stylesheet.
struct WebRoutes: Sendable {
    let store: ProfileStore
    let state: ServingState
    let sessions: WebSessions
    let pages: WebPages
    let policy: AccessPolicy
    let secret: LinkSecret?
    /// Mark cookies `Secure` (the server is reached over TLS through a proxy); also set when the request says
    /// `X-Forwarded-Proto: https`.
    let secureCookies: Bool
    let maxBodyBytes: Int
    let organiserData: OrganiserData

    func register(on router: Router<ServerContext>) {
        let web = router.group().add(middleware: WebMiddleware(sessions: sessions, pages: pages))
        web.get("/") { request, context in try await home(request, context) }
        web.get("/static/app.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: pages.stylesheet))
        }
        web.get("/signin") { request, context in try await confirmLink(request, context) }
        web.post("/signin") { request, context in try await signInByLink(request, context) }
        web.get("/organiser/signin") { request, context in organiserForm(request, context, problem: nil) }
        web.post("/organiser/signin") { request, context in try await signInOrganiser(request, context) }
        web.post("/signout") { request, context in try await signOut(request, context) }
        MemberPages(web: self).register(on: web)
        MemberProgrammePages(web: self).register(on: web)
        OrganiserPages(web: self).register(on: web)
        OrganiserRoundPages(web: self).register(on: web)
        OrganiserTeamPages(web: self).register(on: web)
    }

    // MARK: Who may see a page

    /// The signed-in member.
    /// - Throws: ``WebError``: sign in needed (401) without a session; forbidden (403) for an organiser.
    func member(_ context: ServerContext) throws -> (session: WebSession, id: MemberID) {
        guard let session = context.webSession else { throw WebError.signInNeeded("members") }
        guard let id = session.memberID else {
            throw WebError.forbidden("This page is a member's own. Organisers see members through their public profiles.")
        }
        return (session, id)
    }

    /// The signed-in organiser.
    /// - Throws: ``WebError``: sign in needed (401) without a session; forbidden (403) for a member.
    func organiser(_ context: ServerContext) throws -> WebSession {
        guard let session = context.webSession else { throw WebError.signInNeeded("organisers") }
        guard session.isOrganiser else { throw WebError.forbidden("This page is for organisers.") }
        return session
    }

    /// Anyone signed in.
    func signedIn(_ context: ServerContext) throws -> WebSession {
        guard let session = context.webSession else { throw WebError.signInNeeded("members and organisers") }
        return session
    }

    /// A 303 to `location` (after a form: reloading the page does not send the form again).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func isSecure(_ request: Request) -> Bool {
        secureCookies || request.headers[.xForwardedProto]?.lowercased() == "https"
    }

    func cookie(_ name: String, _ value: String, maxAge: Int, _ request: Request) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: isSecure(request), httpOnly: true,
               sameSite: .strict)
    }

    // MARK: Pages

    struct HomeContent {
        let linksEnabled: Bool
    }

    func home(_ request: Request, _ context: ServerContext) async throws -> Response {
        switch context.webSession?.role {
        case .member?: return Self.redirect("/me")
        case .organiser?: return Self.redirect("/organiser")
        case nil: return pages.render("home", Page(title: "Welcome", session: nil,
                                                   content: HomeContent(linksEnabled: secret != nil)))
        }
    }

    struct ConfirmContent {
        let name: String
        let token: String
    }

    /// The member's link, checked and shown as a button: signing in is a POST from this page (a mail scanner
    /// that follows links signs no one in, and the session cookie is set on a same-site request).
    func confirmLink(_ request: Request, _ context: ServerContext) async throws -> Response {
        let token = try WebForm.query(of: request)["token"] ?? ""
        let link = try verify(token)
        guard let member = try await store.member(link.member) else {
            throw WebError.notFound("This link's member is no longer in the community.")
        }
        let nonce = WebSessions.randomToken()
        var response = pages.render("signin-link", Page(title: "Sign in", session: nil, csrf: nonce,
                                                        content: ConfirmContent(name: member.name, token: token)))
        response.setCookie(cookie(CSRF.signInCookie, nonce, maxAge: 1800, request))
        return response
    }

    func signInByLink(_ request: Request, _ context: ServerContext) async throws -> Response {
        let form = try await WebForm.body(of: request, limit: maxBodyBytes)
        try CSRF.checkSignIn(form, request)
        let link = try verify(form["token"] ?? "")
        guard try await store.member(link.member) != nil else {
            throw WebError.notFound("This link's member is no longer in the community.")
        }
        let session = sessions.start(.member(link.member))
        context.logger.info("member signed in", metadata: ["id": "\(link.member)"])
        return signedIn(session, to: "/me", request)
    }

    /// The link's member, or a page saying what is wrong with it.
    func verify(_ token: String) throws -> SignedLink {
        guard let secret else {
            throw WebError(status: .forbidden, heading: "Member links are switched off",
                           message: "This server was started without a secret (QMATCH_SECRET), so personal links "
                            + "cannot be checked. Please tell an organiser.")
        }
        do {
            return try SignedLink.verify(token, secret: secret)
        } catch let error as SignInError where error.isExpired {
            throw WebError(status: .gone, heading: "This sign-in link has expired",
                           message: "Personal links work for a few days only. Ask for a new one (it comes with the "
                            + "community's emails, or from an organiser).")
        } catch {
            throw WebError(status: .badRequest, heading: "This sign-in link is not valid",
                           message: "The link may have been cut short or changed on its way. Copy the whole link from "
                            + "the message you were sent, or ask for a new one.")
        }
    }

    struct OrganiserSignInContent {
        let problem: String?
        let isDisabled: Bool
    }

    func organiserForm(_ request: Request, _ context: ServerContext, problem: String?,
                       status: HTTPResponse.Status = .ok) -> Response {
        let nonce = WebSessions.randomToken()
        var response = pages.render("organiser-signin", Page(
            title: "Organiser sign-in", session: context.webSession, csrf: nonce,
            content: OrganiserSignInContent(problem: problem, isDisabled: !policy.hasAdminToken)), status: status)
        response.setCookie(cookie(CSRF.signInCookie, nonce, maxAge: 1800, request))
        return response
    }

    func signInOrganiser(_ request: Request, _ context: ServerContext) async throws -> Response {
        let form = try await WebForm.body(of: request, limit: maxBodyBytes)
        try CSRF.checkSignIn(form, request)
        guard let expected = policy.adminToken else {
            throw WebError.forbidden("Organiser sign-in is switched off: the server has no admin token.")
        }
        guard let given = form["token"], AccessPolicy.equal(Array(given.utf8), expected) else {
            context.logger.notice("organiser sign-in refused")
            return organiserForm(request, context, problem: "That is not the admin token. Check it and try again.",
                                 status: .unauthorized)
        }
        context.logger.info("organiser signed in")
        return signedIn(sessions.start(.organiser), to: "/organiser", request)
    }

    func signedIn(_ session: WebSession, to location: String, _ request: Request) -> Response {
        var response = Self.redirect(location)
        let lifetime = session.isOrganiser ? WebSessions.organiserLifetime : WebSessions.memberLifetime
        response.setCookie(cookie(WebMiddleware.sessionCookie, session.id, maxAge: Int(lifetime), request))
        response.setCookie(cookie(CSRF.signInCookie, "", maxAge: 0, request))
        return response
    }

    func signOut(_ request: Request, _ context: ServerContext) async throws -> Response {
        let session = try signedIn(context)
        try CSRF.check(try await WebForm.body(of: request, limit: maxBodyBytes), session)
        sessions.end(session.id)
        var response = Self.redirect("/")
        response.setCookie(cookie(WebMiddleware.sessionCookie, "", maxAge: 0, request))
        return response
    }
}
