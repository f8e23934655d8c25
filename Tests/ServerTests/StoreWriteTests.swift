import Foundation
import Hummingbird
import HummingbirdTesting
@testable import QProfiles
import Testing
@testable import QMatchServer

/// Writes as the store keeps them: visibility not flipped by an update that leaves it out, weights the graph
/// can carry, feedback in one transaction that never weakens a tie, and a busy store answered with 503.
@Suite struct StoreWriteTests {
    @Test func anUpdateWithoutDiscoverableKeepsAHiddenMemberHidden() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            let updated = try await client.request(.put, "/v1/members/\(cast.hidden)", token: testAdminToken,
                                                   json: #"{"name": "Still Hidden", "topics": ["zither repair"]}"#)
            #expect(updated.status == .ok)
            #expect(try updated.decode(StoredMember.self).discoverable == false)
            #expect(try await client.request(.get, "/v1/members/\(cast.hidden)").status == .notFound)
            let found = try await client.request(.get, "/v1/search?q=zither+repair+Still+Hidden").decode(Ranked.self)
            #expect(!found.results.contains { $0.id == cast.hidden })
            // A new member left unsaid is discoverable.
            let created = try await client.request(.put, "/v1/members/fresh", token: testAdminToken,
                                                   json: #"{"name": "Fresh"}"#)
            #expect(created.status == .created)
            #expect(try created.decode(StoredMember.self).discoverable == true)
            #expect(try await client.request(.get, "/v1/members/fresh").status == .ok)
        }
        let store = try ProfileStore(path: arguments.databasePath)
        #expect(try await store.member(cast.hidden)?.discoverable == false)
        _ = directory
    }

    @Test(arguments: ["1e39", "3.5e38", "1000001", "1e-50"])
    func aWeightTheGraphCannotCarryIsRefused(_ weight: String) async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let app = try await buildApplication(arguments)
        let before = try await ProfileStore(path: arguments.databasePath).connectionCount()
        try await app.test(.router) { (client) async throws in
            let response = try await client.request(.post, "/v1/connections", token: testAdminToken, json:
                #"{"source": "\#(cast.connected[0])", "target": "\#(cast.connected[1])", "kind": "x", "weight": \#(weight)}"#)
            #expect(response.status == .badRequest)
            #expect(try response.decode(ErrorBody.self).error.message.contains("from 0.000001 to 1000000"))
        }
        #expect(try await ProfileStore(path: arguments.databasePath).connectionCount() == before)
        _ = directory
    }

    @Test func feedbackConnectedKeepsTheStrongerTie() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let (a, b) = cast.twoHops   // not yet connected
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            let tie = #"{"source": "\#(a)", "target": "\#(b)", "weight": 5, "created": "2019-01-01"}"#
            #expect(try await client.request(.post, "/v1/connections", token: testAdminToken, json: tie).status == .created)
            let feedback = try await client.request(.post, "/v1/members/\(a)/feedback", token: testAdminToken,
                                                    json: #"{"other": "\#(b)", "action": "connected"}"#)
            #expect(feedback.status == .ok)
        }
        let store = try ProfileStore(path: arguments.databasePath)
        let stored = try await store.connections().filter { Set([$0.source, $0.target]) == Set([a, b]) }
        #expect(stored == [Connection(a, b, weight: 5, created: "2019-01-01")])
        #expect(try await store.feedback(of: a)[b] == [.connected: 1])
        _ = directory
    }

    @Test func anUnavailableStoreIsA503WithRetryAfter() async throws {
        let router = Router(context: ServerContext.self)
        router.add(middleware: ErrorMiddleware())
        router.get("busy") { _, _ -> String in
            throw ProfileError.unavailable("the database is busy (another writer holds it); try again in a moment")
        }
        router.get("refused") { _, _ -> String in throw ProfileError.invalidInput("refused by the store: a value") }
        let app = Application(router: router)
        try await app.test(.router) { (client) async throws in
            let busy = try await client.execute(uri: "/busy", method: .get)
            #expect(busy.status == .serviceUnavailable)
            #expect(busy.headers[.retryAfter] == "1")
            #expect(try busy.decode(ErrorBody.self).error.status == 503)
            #expect(try busy.decode(ErrorBody.self).error.message.contains("busy"))
            let refused = try await client.execute(uri: "/refused", method: .get)
            #expect(refused.status == .badRequest && refused.headers[.retryAfter] == nil)
        }
    }

    /// End to end: another process holds the write lock past the store's busy timeout.
    @Test func aWriteWhileAnotherProcessHoldsTheLockIsA503() async throws {
        var (directory, arguments) = try await SeededCommunity.serve()
        arguments.busyTimeout = 0.2
        let app = try await buildApplication(arguments)
        let path = try #require(arguments.databasePath)
        let holder = try LockHolder(path: path)
        try await app.test(.router) { (client) async throws in
            let response = try await client.request(.put, "/v1/members/late", token: testAdminToken, json: #"{"name": "Late"}"#)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "1")
            #expect(try response.decode(ErrorBody.self).error.message.contains("busy"))
            holder.release()
            let retried = try await client.request(.put, "/v1/members/late", token: testAdminToken, json: #"{"name": "Late"}"#)
            #expect(retried.status == .created)
        }
        _ = directory
    }
}

/// A second connection to the database (as another process would open) that holds its write lock
/// (`BEGIN IMMEDIATE`) on a thread of its own until released.
final class LockHolder: @unchecked Sendable {   // the semaphores order every access to `isReleased`
    private let released = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var isReleased = false

    init(path: String) throws {
        let store = try ProfileStore(path: path)
        let locked = DispatchSemaphore(value: 0)
        Thread.detachNewThread { [released, finished] in
            try? store.writer.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                released.wait()
                try db.execute(sql: "ROLLBACK")
            }
            finished.signal()
        }
        locked.wait()
    }

    func release() {
        guard !isReleased else { return }
        isReleased = true
        released.signal()
        finished.wait()
    }

    deinit { release() }
}

/// A member as the routes return it.
struct StoredMember: Decodable { let id: String; let name: String; let discoverable: Bool }
