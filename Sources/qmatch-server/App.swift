import ArgumentParser
import Foundation
import Hummingbird
import Logging
import QLinearAlgebra
import QMatchServer
import QSignIn

/// `qmatch-server`: parses flags and the environment, then runs the application until SIGTERM or SIGINT
/// (graceful shutdown through swift-service-lifecycle).
@main
struct App: AsyncParsableCommand, AppArguments {
    static let configuration = CommandConfiguration(
        commandName: "qmatch-server", abstract: "Serves qmatch over HTTP.",
        discussion: """
            Environment: QMATCH_DB (default database), QMATCH_ADMIN_TOKEN (the admin bearer token, unless \
            --admin-token-file is given), QMATCH_READ_TOKEN (when set, read routes need it or the admin token), \
            QMATCH_SECRET (signs and checks members' sign-in links, `qmatch link`; at least 32 bytes; or \
            --secret-file). The web pages for members and organisers are at /.
            """)

    static let environment = ProcessInfo.processInfo.environment

    @Option(name: .customLong("db"), help: "The SQLite database (default $QMATCH_DB or ./qmatch.sqlite).")
    var database: String = environment["QMATCH_DB"] ?? "qmatch.sqlite"

    @Option(name: .customLong("index"), help: "The index file (default: beside the database, NAME.qindex).")
    var index: String?

    @Option(help: "The address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port: Int = 8080

    @Option(help: "A file holding the admin bearer token (default: $QMATCH_ADMIN_TOKEN).")
    var adminTokenFile: String?

    @Option(help: "The largest request body, in bytes.")
    var maxBodyBytes: Int = 256 * 1024

    @Option(help: "The longest request target (path and query), in bytes.")
    var maxURIBytes: Int = 4096

    @Option(help: "Threads a rebuild may use (the others keep serving).")
    var rebuildThreads: Int = 1

    @Option(help: "The most recommendation answers kept for reuse (0: none); a write retires those it can change.")
    var cacheEntries: Int = 20_000

    @Option(help: "The most bytes kept answers may take (0: none); the least recently used go first.")
    var cacheBytes: Int = 64 * 1024 * 1024

    @Option(help: "Seconds a connection may send nothing before it is closed (between requests, or mid-request-head).")
    var idleTimeout: Double = 30

    @Option(help: "How long a kept answer may be reused at most, in seconds.")
    var cacheSeconds: Int = 60

    @Option(help: "A file holding the secret for members' sign-in links (default: $QMATCH_SECRET).")
    var secretFile: String?

    @Flag(help: "Mark the web pages' cookies Secure (the server is reached over TLS through a proxy).")
    var secureCookies = false

    @Option(help: ArgumentHelp(
        "How rebuilds build the index: 'auto' (the qmatch executable beside this one, in a child process, when it is "
            + "there), 'in-process', or the path of a qmatch executable.", valueName: "auto|in-process|path"))
    var builder: String = "auto"

    @Option(help: "trace, debug, info, notice, warning, error or critical (requests are logged at debug).")
    var logLevel: Logger.Level = .info

    var databasePath: String? { database }
    var linkSecret: LinkSecret? { try? LinkSecret.load(file: secretFile) }
    var indexPath: String? { index }
    var builderExecutable: String? {
        switch builder {
        case "auto": IndexBuilder.besideThisExecutable()
        case "in-process": nil
        default: builder
        }
    }
    var readToken: String? { Self.environment["QMATCH_READ_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } }
    var adminToken: String? {
        if let adminTokenFile {
            return (try? String(contentsOfFile: adminTokenFile, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return Self.environment["QMATCH_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535, not \(port).") }
        guard (1_024...64 * 1024 * 1024).contains(maxBodyBytes) else {
            throw ValidationError("--max-body-bytes must be 1024...67108864, not \(maxBodyBytes).")
        }
        guard (256...65_536).contains(maxURIBytes) else {
            throw ValidationError("--max-uri-bytes must be 256...65536, not \(maxURIBytes).")
        }
        if !["auto", "in-process"].contains(builder), !FileManager.default.isExecutableFile(atPath: builder) {
            throw ValidationError("--builder: '\(builder)' is not an executable file (give auto, in-process, or "
                + "the path of the qmatch command).")
        }
        guard (1...64).contains(rebuildThreads) else {
            throw ValidationError("--rebuild-threads must be 1...64, not \(rebuildThreads).")
        }
        guard (0...10_000_000).contains(cacheEntries) else {
            throw ValidationError("--cache-entries must be 0...10000000, not \(cacheEntries).")
        }
        guard (0...(1 << 40)).contains(cacheBytes) else {
            throw ValidationError("--cache-bytes must be 0...1099511627776, not \(cacheBytes).")
        }
        guard idleTimeout.isFinite, (0.1...3_600).contains(idleTimeout) else {
            throw ValidationError("--idle-timeout must be 0.1...3600 seconds, not \(idleTimeout).")
        }
        guard (1...86_400).contains(cacheSeconds) else {
            throw ValidationError("--cache-seconds must be 1...86400, not \(cacheSeconds).")
        }
        if let adminTokenFile {
            guard let text = try? String(contentsOfFile: adminTokenFile, encoding: .utf8) else {
                throw ValidationError("--admin-token-file: cannot read \(adminTokenFile).")
            }
            guard text.trimmingCharacters(in: .whitespacesAndNewlines).count >= 16 else {
                throw ValidationError("--admin-token-file: the token must be at least 16 characters.")
            }
        } else if let token = adminToken, token.count < 16 {
            throw ValidationError("QMATCH_ADMIN_TOKEN must be at least 16 characters.")
        }
        do { _ = try LinkSecret.load(file: secretFile) } catch let error as SignInError {
            throw ValidationError(error.description + ".")
        }
        if let token = readToken, token.count < 16 {
            throw ValidationError("QMATCH_READ_TOKEN must be at least 16 characters.")
        }
    }

    func run() async throws {
        // Requests run side by side, each with single-threaded BLAS calls: set once for the process.
        BLAS.setThreadCount(1)
        #if os(Linux)
        // glibc raises its mmap threshold each time a large block is freed (up to 32 MiB), after which a new
        // snapshot's arrays come from the heap, between requests' allocations, and cannot be returned when
        // the snapshot is replaced: resident memory then climbs at every rebuild under load. A fixed threshold
        // keeps blocks of 128 KiB and more in mappings of their own, unmapped when freed.
        // (MALLOC_MMAP_THRESHOLD_ in the environment still wins: glibc reads it at start and we leave it.)
        if ProcessInfo.processInfo.environment["MALLOC_MMAP_THRESHOLD_"] == nil {
            _ = mallopt(mmapThresholdParameter, 128 * 1024)
        }
        #endif
        let app = try await buildApplication(self)
        try await app.runService()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

#if os(Linux)
/// glibc's `mallopt` and `M_MMAP_THRESHOLD` (malloc.h, which the Glibc module does not export).
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let mmapThresholdParameter: Int32 = -3
#endif
