import Hummingbird
import Logging
import QProfiles

/// What the server needs to start: where it listens and what it serves.
public protocol AppArguments: Sendable {
    var host: String { get }
    var port: Int { get }
    /// The SQLite database; nil serves a private in-memory store (tests).
    var databasePath: String? { get }
}

struct HealthResponse: ResponseEncodable {
    let status: String
    let members: Int
}

/// Builds the HTTP application: the routes over the store and the index.
/// - Throws: ``ProfileError`` when the database cannot be opened.
public func buildApplication(_ arguments: some AppArguments) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "qmatch-server")
    logger.logLevel = .info
    let store = try ProfileStore(path: arguments.databasePath)
    let router = buildRouter(store: store)
    return Application(
        router: router,
        configuration: .init(address: .hostname(arguments.host, port: arguments.port), serverName: "qmatch-server"),
        logger: logger
    )
}

func buildRouter(store: ProfileStore) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: ErrorMiddleware())
    router.get("/health") { _, _ in
        HealthResponse(status: "ok", members: try await store.memberCount(discoverableOnly: true))
    }
    return router
}
