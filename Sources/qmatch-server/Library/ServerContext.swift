import Hummingbird

/// Who is asking: decided once per request from the bearer token.
enum Access: Sendable, Equatable {
    /// No `Authorization` header.
    case anonymous
    /// The read token.
    case reader
    /// The admin token: may write, and may see members who are not discoverable.
    case admin
    /// A bearer token that is neither (or a malformed header).
    case rejected
}

/// The request context of every route: Hummingbird's core storage plus the caller's access.
struct ServerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var access: Access = .anonymous
    /// The web page session from the request's cookie (web pages only).
    var webSession: WebSession?

    init(source: Source) {
        coreContext = .init(source: source)
    }

    var isAdmin: Bool { access == .admin }
}
