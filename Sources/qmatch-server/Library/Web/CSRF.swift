import Hummingbird

/// Cross-site request forgery checks: every form that changes something carries its session's token, and
/// the sign-in forms (no session yet) carry the value of a short-lived cookie they set (double submit).
enum CSRF {
    /// The cookie that sign-in forms pair with their hidden field.
    static let signInCookie = "qmatch_signin"

    /// - Throws: ``WebError`` (forbidden) when the form's `csrf` field is missing or is not the session's.
    static func check(_ form: WebForm, _ session: WebSession) throws {
        guard let given = form["csrf"], AccessPolicy.equal(Array(given.utf8), Array(session.csrf.utf8)) else {
            throw WebError.forbidden("This form has expired or did not come from this site. Go back, reload the page "
                + "and try again.")
        }
    }

    /// - Throws: ``WebError`` (forbidden) unless the sign-in form's `csrf` field equals its cookie.
    static func checkSignIn(_ form: WebForm, _ request: Request) throws {
        guard let cookie = request.cookies[signInCookie]?.value, !cookie.isEmpty, let given = form["csrf"],
              AccessPolicy.equal(Array(given.utf8), Array(cookie.utf8)) else {
            throw WebError.forbidden("This sign-in form has expired or did not come from this site. Open it again "
                + "and retry.")
        }
    }
}
