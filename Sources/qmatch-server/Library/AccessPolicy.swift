import Foundation
import Hummingbird

/// The bearer tokens the server accepts, compared in constant time.
struct AccessPolicy: Sendable {
    let adminToken: [UInt8]?
    let readToken: [UInt8]?

    init(adminToken: String?, readToken: String?) {
        self.adminToken = adminToken.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        self.readToken = readToken.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
    }

    /// Whether writes are possible at all.
    var hasAdminToken: Bool { adminToken != nil }
    /// Whether reads need a token.
    var requiresReadToken: Bool { readToken != nil }

    /// Who sent `request`, from its `Authorization: Bearer TOKEN` header.
    func access(of request: Request) -> Access {
        guard let header = request.headers[.authorization] else { return .anonymous }
        let scheme = "bearer "
        guard header.utf8.count > scheme.utf8.count, header.lowercased().hasPrefix(scheme) else { return .rejected }
        let token = Array(header.dropFirst(scheme.count).trimmingCharacters(in: .whitespaces).utf8)
        // Both comparisons always run, so the time taken does not say which token was close.
        let isAdmin = adminToken.map { Self.equal(token, $0) } ?? false
        let isReader = readToken.map { Self.equal(token, $0) } ?? false
        return isAdmin ? .admin : isReader ? .reader : .rejected
    }

    /// Compares `given` with `expected` in time that depends only on their lengths, never on where they differ.
    /// - Complexity: O(`expected.count`).
    static func equal(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference: UInt8 = given.count == expected.count ? 0 : 1
        for position in 0..<expected.count {
            difference |= expected[position] ^ (position < given.count ? given[position] : 0)
        }
        return difference == 0
    }
}

/// Sets the request's ``Access`` and refuses it when the route needs more.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    /// What a group of routes needs.
    enum Requirement: Sendable { case none, read, admin }

    let policy: AccessPolicy
    let requirement: Requirement

    func handle(_ request: Request, context: ServerContext,
                next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        context.access = policy.access(of: request)
        switch (requirement, context.access) {
        case (.none, _), (.read, .admin), (.read, .reader), (.admin, .admin):
            return try await next(request, context)
        case (.read, .anonymous) where !policy.requiresReadToken:
            return try await next(request, context)
        case (.admin, _) where !policy.hasAdminToken:
            throw HTTPError(.forbidden, message: "writes are disabled: the server has no admin token "
                + "(set QMATCH_ADMIN_TOKEN or --admin-token-file)")
        case (_, .anonymous):
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                            message: "this route needs a bearer token (Authorization: Bearer TOKEN)")
        case (.admin, .reader):
            throw HTTPError(.forbidden, message: "this route needs the admin token, not the read token")
        default:
            throw HTTPError(.forbidden, message: "the bearer token is not valid for this route")
        }
    }
}
