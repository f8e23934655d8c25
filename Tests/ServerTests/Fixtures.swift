import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import QMatching
import QProfiles
import QSignIn
import Testing
@testable import QMatchServer

let testAdminToken = "admin-token-0123456789abcdef"
let testReadToken = "read-token-0123456789abcdef"

/// Test configuration: every limit and token settable.
struct TestArguments: AppArguments {
    var host = "127.0.0.1"
    var port = 0
    var databasePath: String? = nil
    var indexPath: String? = nil
    var adminToken: String? = nil
    var readToken: String? = nil
    var maxBodyBytes = 64 * 1024
    var maxURIBytes = 2048
    var rebuildThreads = 1
    var logLevel: Logger.Level = .warning
    var busyTimeout = 10.0
    var cacheEntries = 20_000
    var cacheBytes = 64 * 1024 * 1024
    var cacheSeconds = 60
    var idleTimeout = 30.0
    var linkSecret: LinkSecret? = nil
    var builderExecutable: String? = nil
}

/// A temporary directory that removes itself.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "qmatch-server-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
}

/// A generated 300-member community imported into SQLite with its index built, made once per test run;
/// each test serves its own copy.
struct SeededCommunity: Sendable {
    let directory: TemporaryDirectory
    var database: String { directory.file("community.sqlite") }
    var index: String { directory.file("community.qindex") }

    static let shared = Task { try await SeededCommunity() }

    private init() async throws {
        directory = try TemporaryDirectory()
        let source = directory.file("generated")
        _ = try CommunityGenerator(members: 300, seed: 1).write(to: source, format: .csv)
        let store = try ProfileStore(path: directory.file("community.sqlite"))
        _ = try await store.importFiles(ImportSources(directory: source))
        let index = try await MatchingIndex.build(from: store)
        try IndexFile.write(index, to: directory.file("community.qindex"))
    }

    /// A private copy of the database and index, with these tokens.
    static func serve(adminToken: String? = testAdminToken, readToken: String? = nil,
                      maxBodyBytes: Int = 64 * 1024) async throws -> (TemporaryDirectory, TestArguments) {
        let seeded = try await shared.value
        let copy = try TemporaryDirectory()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: seeded.database + suffix) {
            try FileManager.default.copyItem(atPath: seeded.database + suffix, toPath: copy.file("community.sqlite" + suffix))
        }
        try FileManager.default.copyItem(atPath: seeded.index, toPath: copy.file("community.qindex"))
        let arguments = TestArguments(databasePath: copy.file("community.sqlite"), indexPath: copy.file("community.qindex"),
                                      adminToken: adminToken, readToken: readToken, maxBodyBytes: maxBodyBytes)
        return (copy, arguments)
    }

    /// Facts about the seeded community that tests pick their members from.
    struct Cast: Sendable {
        /// Discoverable members with connections, in id order.
        let connected: [MemberID]
        /// A member who is not discoverable.
        let hidden: MemberID
        /// A group id.
        let group: String
        /// Two discoverable members two ties apart, with a discoverable member between.
        let twoHops: (MemberID, MemberID)
    }

    static func cast(_ database: String) async throws -> Cast {
        let store = try ProfileStore(path: database)
        let visible = try await store.discoverableIDs()
        var neighbours: [MemberID: Set<MemberID>] = [:]
        for connection in try await store.connections() {
            neighbours[connection.source, default: []].insert(connection.target)
            neighbours[connection.target, default: []].insert(connection.source)
        }
        let connected = neighbours.keys.filter { visible.contains($0) }.sorted()
        var hidden: MemberID = ""
        try await store.forEachMember { if !$0.discoverable && hidden.isEmpty { hidden = $0.id } }
        var pair = ("", "")
        search: for a in connected {
            for middle in (neighbours[a] ?? []).sorted() where visible.contains(middle) {
                for b in (neighbours[middle] ?? []).sorted() where b != a && visible.contains(b)
                    && !(neighbours[a]?.contains(b) ?? false) {
                    pair = (a, b)
                    break search
                }
            }
        }
        return Cast(connected: connected, hidden: hidden, group: try await store.groups()[0].id, twoHops: pair)
    }
}

/// Requests with tokens and JSON, and checks against the OpenAPI document.
extension TestClientProtocol {
    @discardableResult
    func request(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        let response = try await execute(uri: uri, method: method, headers: headers,
                                         body: json.map { ByteBuffer(string: $0) })
        let path = String(uri.prefix { $0 != "?" })
        if let problem = OpenAPISpec.shared.problem(method: method.rawValue, path: path, response: response) {
            Issue.record("response breaks the OpenAPI document: \(problem)", sourceLocation: sourceLocation)
        }
        // Never a 5xx, except the store's 503 (busy, full, I/O), which always says when to retry.
        let isRetryLater = response.status == .serviceUnavailable && response.headers[.retryAfter] != nil
        #expect(response.status.code < 500 || isRetryLater, "\(method) \(uri): \(response.status)",
                sourceLocation: sourceLocation)
        return response
    }
}

extension TestResponse {
    func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    var errorStatus: Int? { (try? decode(ErrorBody.self))?.error.status }
}

/// Bodies as the tests read them.
struct Recommended: Decodable {
    struct Item: Decodable { let id: String; let score: Float; let reasons: [String]; let breakdown: [Part]? }
    struct Part: Decodable { let signal: String; let value: Float }
    let member: String
    let blend: String
    let recommendations: [Item]
}

struct Ranked: Decodable {
    struct Item: Decodable { let rank: Int; let id: String; let name: String; let score: Float; let reasons: [String] }
    let results: [Item]
}
