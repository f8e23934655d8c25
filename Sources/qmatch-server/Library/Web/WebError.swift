import Hummingbird

/// An error a web page shows as a page of its own: a status, a heading and what to do next.
struct WebError: Error, Sendable {
    let status: HTTPResponse.Status
    let heading: String
    let message: String

    static func forbidden(_ message: String) -> Self { Self(status: .forbidden, heading: "Not allowed", message: message) }
    static func notFound(_ message: String) -> Self { Self(status: .notFound, heading: "Not found", message: message) }
    static func badRequest(_ message: String) -> Self {
        Self(status: .badRequest, heading: "Something in the form needs changing", message: message)
    }
    /// No session, or the wrong kind: the page says how to sign in.
    static func signInNeeded(_ who: String) -> Self {
        Self(status: .unauthorized, heading: "Please sign in",
             message: "This page is for \(who). Members sign in with the personal link they were sent; organisers sign "
                + "in with the admin token.")
    }
}
