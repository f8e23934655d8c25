import Foundation
import Hummingbird
import Logging
import Mustache
import QGraph
import QMatching
import QProfiles

/// The templates (`Resources/templates/*.mustache`, one layout they all extend) and the page every one of
/// them fills: title, navigation for who is signed in, the CSRF token for its forms, a note, the content.
struct WebPages: Sendable {
    let library: MustacheLibrary
    let stylesheet: ByteBuffer

    /// - Throws: ``MatchingError`` (I/O) when the resources are missing or a template does not parse.
    static func load() async throws -> WebPages {
        guard let templates = Bundle.module.url(forResource: "templates", withExtension: nil),
              let css = Bundle.module.url(forResource: "static/app", withExtension: "css")
                ?? Bundle.module.resourceURL?.appendingPathComponent("static/app.css"),
              let stylesheet = try? Data(contentsOf: css) else {
            throw MatchingError.io("the web templates or the stylesheet are missing from the server's resources")
        }
        do {
            return WebPages(library: try await MustacheLibrary(directory: templates.path),
                            stylesheet: ByteBuffer(bytes: stylesheet))
        } catch {
            throw MatchingError.io("a web template does not parse: \(error)")
        }
    }

    /// The page `template` filled with `page`, as `text/html`.
    func render(_ template: String, _ page: Page, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(page, withTemplate: template) ?? "<!DOCTYPE html><title>Missing page</title>"
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The error page for `error`: what went wrong in words, never a trace.
    func render(_ error: any Error, session: WebSession?, logger: Logger) -> Response {
        let shown: WebError
        switch error {
        case let error as WebError: shown = error
        case let error as ProfileError where error.isUnavailable:
            shown = WebError(status: .serviceUnavailable, heading: "Busy", message: "The community's records are busy. "
                + "Please try again in a moment.")
        case let error as ProfileError where error.isNotFound || error.isInvalidInput:
            shown = error.isNotFound ? .notFound(error.description) : .badRequest(error.description)
        case let error as MatchingError where error.isNotFound || error.isInvalidInput:
            shown = error.isNotFound ? .notFound(error.description) : .badRequest(error.description)
        case let error as GraphError where error.isUnknownNode: shown = .notFound(error.description)
        case let error as HTTPError:
            shown = WebError(status: error.status, heading: error.status.reasonPhrase,
                             message: error.body.map(Self.message(fromJSON:)) ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError:
            shown = WebError(status: error.status, heading: error.status.reasonPhrase, message: error.status.reasonPhrase)
        default:
            logger.error("web page failed", metadata: ["type": "\(type(of: error))"])
            shown = WebError(status: .internalServerError, heading: "Something went wrong",
                             message: "The page could not be made. Please try again; if it keeps happening, tell an organiser.")
        }
        let page = Page(title: shown.heading, session: session,
                        content: ErrorContent(heading: shown.heading, message: shown.message,
                                              signIn: shown.status == .unauthorized))
        return render("error", page, status: shown.status)
    }

    /// HTTPError keeps its message as given; a JSON error body from elsewhere is unwrapped.
    static func message(fromJSON text: String) -> String {
        guard let data = text.data(using: .utf8),
              let body = try? JSONDecoder().decode(ErrorBody.self, from: data) else { return text }
        return body.error.message
    }
}

struct ErrorContent {
    let heading: String
    let message: String
    let signIn: Bool
}

/// What every page template sees: the layout's fields and the page's own `content`.
struct Page {
    let title: String
    let nav: Navigation
    /// The session's CSRF token, for the hidden field of every form that changes something.
    let csrf: String
    /// A one-line note at the top ("Removed from your suggestions").
    let note: String?
    let content: Any

    init(title: String, session: WebSession?, note: String? = nil, csrf: String? = nil, content: Any) {
        self.title = title
        nav = Navigation(session)
        self.csrf = csrf ?? session?.csrf ?? ""
        self.note = note
        self.content = content
    }
}

/// The links at the top of every page, by who is signed in.
struct Navigation {
    struct Link {
        let href: String
        let label: String
    }
    let isSignedIn: Bool
    let links: [Link]
    let who: String

    init(_ session: WebSession?) {
        switch session?.role {
        case .member(let id)?:
            isSignedIn = true
            who = "Signed in as member \(id)"
            links = [Link(href: "/me", label: "People to meet"), Link(href: "/me/similar", label: "People like me"),
                     Link(href: "/search", label: "Search"), Link(href: "/me/groups", label: "Groups to join"),
                     Link(href: "/me/rounds", label: "My pairing rounds"), Link(href: "/me/profile", label: "My profile")]
        case .organiser?:
            isSignedIn = true
            who = "Signed in as an organiser"
            links = [Link(href: "/organiser", label: "At a glance"), Link(href: "/organiser/recruit", label: "Recruit"),
                     Link(href: "/organiser/brief", label: "From a brief"),
                     Link(href: "/organiser/rounds", label: "Pairing rounds"), Link(href: "/organiser/teams", label: "Teams"),
                     Link(href: "/organiser/map", label: "Community map"),
                     Link(href: "/organiser/evaluation", label: "Evaluation"), Link(href: "/search", label: "Search")]
        case nil:
            isSignedIn = false
            who = ""
            links = [Link(href: "/", label: "Home"), Link(href: "/organiser/signin", label: "Organiser sign-in")]
        }
    }
}
