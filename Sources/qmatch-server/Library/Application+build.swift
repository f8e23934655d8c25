import Hummingbird
import Logging

/// What the server needs to start: where it listens and what it serves.
public protocol AppArguments: Sendable {
    var host: String { get }
    var port: Int { get }
    var databasePath: String { get }
}

struct HealthResponse: ResponseEncodable {
    let status: String
}

/// Builds the HTTP application: the routes over the store and the index.
public func buildApplication(_ arguments: some AppArguments) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "qmatch-server")
    logger.logLevel = .info
    let router = Router()
    router.get("/health") { _, _ in HealthResponse(status: "ok") }
    return Application(
        router: router,
        configuration: .init(address: .hostname(arguments.host, port: arguments.port), serverName: "qmatch-server"),
        logger: logger
    )
}
