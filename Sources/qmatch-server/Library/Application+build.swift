import Foundation
import Hummingbird
import Logging
import QMatching
import QProfiles

/// Builds the HTTP application: opens the store, loads the index (or builds it when there is none), and
/// sets up the routes, their middleware and the rebuild service.
/// - Throws: ``ProfileError`` when the database cannot be opened; ``MatchingError`` when the index file is
///   corrupt (run `qmatch build`, or delete it to have the server build one).
public func buildApplication(_ arguments: some AppArguments) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "qmatch-server")
    logger.logLevel = arguments.logLevel
    // Each stage of start-up is logged with its duration (ids and counts only).
    var stageStart = ContinuousClock.now
    func finished(_ stage: String, _ metadata: Logger.Metadata = [:]) {
        let now = ContinuousClock.now, took = (now - stageStart).components
        let seconds = Double(took.seconds) + Double(took.attoseconds) / 1e18
        var metadata = metadata
        metadata["seconds"] = "\(String(format: "%.2f", seconds))"
        logger.info("start-up: \(stage)", metadata: metadata)
        stageStart = now
    }
    // The server's writes, search and rounds have not moved to PostgreSQL yet: a URL is refused before anything.
    if let database = arguments.databasePath, case .server = try DatabaseLocation(database) {
        throw ProfileError.notSupported("qmatch-server", on: "PostgreSQL")
    }
    let store = try ProfileStore(path: arguments.databasePath, busyTimeout: arguments.busyTimeout)
    finished("opened the database")
    let indexPath = arguments.indexPath ?? arguments.databasePath.map { IndexFile.defaultPath(forDatabase: $0) }
    if let indexPath {
        // Temporary files of writers that were killed mid-way (an index half written holds members' data).
        let removed = TemporaryFile.removeAbandoned(of: indexPath)
        if !removed.isEmpty { logger.notice("removed abandoned temporary files", metadata: ["count": "\(removed.count)"]) }
    }
    let snapshot: Snapshot
    let memberIDs: (all: [MemberID], hidden: [MemberID])
    if let indexPath, FileManager.default.fileExists(atPath: indexPath) {
        // The store's ids (who exists and who is hidden, from two indexes) are read while the index loads.
        async let storeIDs = store.memberIDs()
        let index = try await OffThread.run { try IndexFile.read(indexPath) }
        finished("loaded the index", ["members": "\(index.ids.count)"])
        snapshot = Snapshot(index: index, path: indexPath, generation: 1, buildSequence: 0)
        memberIDs = try await storeIDs
    } else {
        logger.notice("no index file: building one", metadata: ["path": "\(indexPath ?? "(memory)")"])
        snapshot = try await Rebuilder.buildSnapshot(store: store, indexPath: indexPath,
                                                     threads: max(1, arguments.rebuildThreads),
                                                     generation: 1, buildSequence: 0)
        finished("built the index", ["members": "\(snapshot.index.ids.count)"])
        memberIDs = try await store.memberIDs()
    }
    let cache = ResponseCache(bytes: arguments.cacheBytes, entries: arguments.cacheEntries,
                              lifetime: .seconds(arguments.cacheSeconds))
    let view = try await ServingView.current(index: snapshot.index, memberIDs: memberIDs, store: store)
    finished("made the serving view", ["members": "\(memberIDs.all.count)", "folded": "\(view.overlayCount)"])
    let state = ServingState(LiveView(snapshot: snapshot, view: view, sequence: 0), cache: cache)
    let metrics = ServerMetrics()
    let builder: IndexBuilder = if let executable = arguments.builderExecutable, let database = arguments.databasePath {
        .process(executable: executable, database: database)
    } else {
        .inProcess
    }
    if let indexPath {
        // A child's finished index that was never put in place (the server stopped first).
        try? FileManager.default.removeItem(atPath: indexPath + ".next")
        _ = TemporaryFile.removeAbandoned(of: indexPath + ".next")
    }
    let rebuilder = Rebuilder(store: store, state: state, indexPath: indexPath, builder: builder,
                              threads: max(1, arguments.rebuildThreads), metrics: metrics, logger: logger)
    let router = Router(context: ServerContext.self)
    router.add(middleware: ObservabilityMiddleware(metrics: metrics))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: LimitsMiddleware(maxURIBytes: arguments.maxURIBytes, maxBodyBytes: arguments.maxBodyBytes))
    let openAPI = try OpenAPIDocument.load()
    router.add(middleware: MethodMiddleware(document: openAPI))
    let policy = AccessPolicy(adminToken: arguments.adminToken, readToken: arguments.readToken)
    OperationsRoutes(state: state, metrics: metrics, openAPI: openAPI, policy: policy).register(on: router)
    let reads = router.group("/v1").add(middleware: AccessMiddleware(policy: policy, requirement: .read))
    ReadRoutes(store: store, state: state).register(on: reads)
    RecruitRoutes(store: store, state: state, maxBodyBytes: arguments.maxBodyBytes).register(on: reads)
    let programmes = ProgrammeRoutes(store: store, state: state, maxBodyBytes: arguments.maxBodyBytes)
    programmes.registerReads(on: reads)
    let admin = router.group("/v1").add(middleware: AccessMiddleware(policy: policy, requirement: .admin))
    AdminRoutes(store: store, state: state, rebuilder: rebuilder, maxBodyBytes: arguments.maxBodyBytes).register(on: admin)
    programmes.registerWrites(on: admin)
    WebRoutes(store: store, state: state, sessions: WebSessions(), pages: try await WebPages.load(), policy: policy,
              secret: arguments.linkSecret, secureCookies: arguments.secureCookies,
              maxBodyBytes: arguments.maxBodyBytes, organiserData: OrganiserData())
        .register(on: router)
    finished("set up the routes and pages")
    logger.info("serving", metadata: ["members": "\(snapshot.index.ids.count)", "built": "\(snapshot.index.builtAt)"])
    return Application(
        router: router,
        // A connection that sends nothing (idle between requests, or a request head never finished) is closed
        // after the idle timeout, so that half-open clients cannot hold every file descriptor.
        server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(arguments.idleTimeout * 1000)))),
        configuration: .init(address: .hostname(arguments.host, port: arguments.port), serverName: "qmatch-server"),
        services: [rebuilder],
        logger: logger
    )
}

/// The OpenAPI document, a resource of this target (`Resources/openapi.json`, the one source of truth).
enum OpenAPIDocument {
    /// - Throws: ``MatchingError`` (I/O) when the resource is missing.
    static func load() throws -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url) else {
            throw MatchingError.io("openapi.json is missing from the server's resources")
        }
        return ByteBuffer(bytes: data)
    }
}
