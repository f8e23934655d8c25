import Foundation
import Hummingbird
import HummingbirdTesting
import QMatching
import QProfiles
import Testing
@testable import QMatchServer

/// Rebuilds run in the background and swap the new snapshot in: reads during one never fail, writes made
/// before it are in the new index, writes made during it stay folded in, and a restart serves the last
/// snapshot written.
@Suite struct RebuildTests {
    struct Status: Decodable { let state: String; let generation: Int; let lastError: String?; let lastFinished: String? }

    @Test func rebuildSwapsWhileConcurrentReadsAllSucceed() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let erased = cast.connected[5]
        let readers = cast.connected.filter { $0 != erased }
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            try await client.request(.put, "/v1/members/nova", token: testAdminToken, json: FoldInTests.newcomer)
            try await client.request(.delete, "/v1/members/\(erased)", token: testAdminToken)
            let accepted = try await client.request(.post, "/v1/admin/rebuild", token: testAdminToken)
            #expect(accepted.status == .accepted)
            let counts = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for reader in 0..<3 {
                    group.addTask {
                        var ok = 0, failed = 0, round = 0
                        while true {
                            let id = readers[(reader * 7 + round) % readers.count]
                            round += 1
                            for uri in ["/v1/members/\(id)/recommendations?limit=5", "/v1/search?q=falls+delirium",
                                        "/v1/members/\(id)/similar", "/health"] {
                                let response = try await client.request(.get, uri)
                                if response.status == .ok { ok += 1 } else { failed += 1 }
                                if uri.hasPrefix("/v1/search") {
                                    #expect(!(try response.decode(Ranked.self)).results.contains { $0.id == erased })
                                }
                            }
                            let status = try await client.request(.get, "/v1/admin/rebuild", token: testAdminToken)
                                .decode(Status.self)
                            // The erasure asked for a rebuild too: wait until every requested one has run.
                            if status.generation >= 2 && status.state == "idle" { return (ok, failed) }
                            if round > 20_000 { return (ok, failed + 1) }
                        }
                    }
                }
                var total = (0, 0)
                for try await (ok, failed) in group { total = (total.0 + ok, total.1 + failed) }
                return total
            }
            #expect(counts.1 == 0 && counts.0 > 12, "reads during the rebuild: \(counts.0) ok, \(counts.1) failed")
            let status = try await client.request(.get, "/v1/admin/rebuild", token: testAdminToken).decode(Status.self)
            #expect(status.lastError == nil)
            let health = try await client.request(.get, "/health").decode(HealthBody.self)
            #expect(health.index.generation >= 2 && health.index.members == 300 && health.index.folded == 0)
            let found = try await client.request(.get, "/v1/search?q=inpatient+falls+strength+balance+delirium&limit=3")
                .decode(Ranked.self)
            #expect(found.results.first?.id == "nova")
            #expect(try await client.request(.get, "/v1/members/\(erased)/similar").status == .notFound)
            let metrics = String(buffer: try await client.request(.get, "/metrics").body)
            // The explicit rebuild, and the one the erasure asked for (coalesced with it when it came in time).
            let rebuilt = status.generation - 1
            #expect(metrics.contains("qmatch_rebuilds_total{result=\"success\"} \(rebuilt)"))
        }
        // A restart serves the snapshot the rebuild wrote: the newcomer is in the index, the erased member not.
        let index = try IndexFile.read(arguments.indexPath ?? "")
        #expect(index.row(of: "nova") != nil && index.row(of: erased) == nil)
        let restarted = try await buildApplication(arguments)
        try await restarted.test(.router) { (client) async throws in
            let health = try await client.request(.get, "/health").decode(HealthBody.self)
            #expect(health.index.members == 300 && health.index.folded == 0)
        }
        _ = directory
    }

    @Test func writesAfterTheBuildReadTheStoreStayFolded() async throws {
        let members = (1...30).map { Member(id: "m\($0)", region: "Wales", topics: ["topic \($0 % 5)", "falls"]) }
        let first = try MatchingIndex.build(members: members, connections: [])
        let snapshot = Snapshot(index: first, path: nil, generation: 1, buildSequence: 0)
        var view = LiveView(snapshot: snapshot, view: ServingView(index: first, visibleIDs: Set(members.map(\.id))),
                            sequence: 0)
        view = view.upserting(Member(id: "early", topics: ["falls"]), sequence: 1)
        view = view.upserting(Member(id: "late", topics: ["falls"]), sequence: 2)
        view = view.upserting(Member(id: "m1", topics: ["delirium"], discoverable: false), sequence: 3)
        let oldRow = try #require(first.row(of: "m1"))
        #expect(view.view.overlayCount == 3 && !view.view.isVisible(oldRow))
        #expect(view.view.row(of: "m1") == first.ids.count + 2 && !view.view.isVisible(first.ids.count + 2))
        // A build that read the store after write 1 holds "early" and "m1" (old profile), not "late".
        let second = try MatchingIndex.build(members: members + [Member(id: "early", topics: ["falls"])], connections: [])
        let visible = Set(members.map(\.id) + ["early", "late"]).subtracting(["m1"])
        let next = LiveView(snapshot: Snapshot(index: second, path: nil, generation: 2, buildSequence: 1),
                            current: ServingView(index: second, visibleIDs: visible), carrying: view.view.written,
                            visible: visible, sequence: view.sequence)
        #expect(Set(next.view.written.map(\.member.id)) == ["late", "m1"])
        let m1 = try #require(next.view.row(of: "m1")), early = try #require(next.view.row(of: "early"))
        #expect(m1 >= second.ids.count && !next.view.isVisible(m1) && next.view.isVisible(early))
        #expect(next.view.visibleCount == 31 - 1 + 1)
    }

    /// An erasure through the running server leaves no byte of the member's name, bio or id in the database,
    /// its WAL, or the index file (the erasure asks for a rebuild, which drops them): with rebuilds in the
    /// server's process, and in a child process (`qmatch build`, beside the test runner in the build folder).
    @Test(arguments: [false, true]) func anErasedMemberLeavesNoByteOnDisk(inChild: Bool) async throws {
        let (directory, seeded) = try await SeededCommunity.serve()
        var arguments = seeded
        if inChild {
            let qmatch = try #require(IndexBuilder.besideThisExecutable(), "the qmatch executable is built beside the tests")
            arguments.builderExecutable = qmatch
        }
        let database = try #require(arguments.databasePath), indexPath = try #require(arguments.indexPath)
        let store = try ProfileStore(path: database)
        var members: [Member] = []
        try await store.forEachMember { members.append($0) }
        // A member whose name and bio no one else shares.
        let target = try #require(members.first { member in
            member.bio.count > 40 && !member.name.isEmpty
                && !members.contains { $0.id != member.id && ($0.name == member.name || $0.bio.contains(member.name)) }
        })
        let index = try Data(contentsOf: URL(fileURLWithPath: indexPath))
        #expect(index.range(of: Data(target.id.utf8)) != nil, "the index holds the member before the erasure")
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            #expect(try await client.request(.delete, "/v1/members/\(target.id)", token: testAdminToken).status == .noContent)
            for _ in 0..<6_000 {
                let status = try await client.request(.get, "/v1/admin/rebuild", token: testAdminToken).decode(Status.self)
                if status.generation >= 2 && status.state == "idle" { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let status = try await client.request(.get, "/v1/admin/rebuild", token: testAdminToken).decode(Status.self)
            #expect(status.generation >= 2 && status.lastError == nil)
        }
        for path in [database, database + "-wal", indexPath] where FileManager.default.fileExists(atPath: path) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            for (what, text) in [("name", target.name), ("bio", target.bio), ("bio start", String(target.bio.prefix(30)))] {
                #expect(bytes.range(of: Data(text.utf8)) == nil, "\(path) still holds the erased member's \(what)")
            }
            if path == indexPath {
                #expect(bytes.range(of: Data(target.id.utf8)) == nil, "the index still holds the erased member's id")
            }
        }
        _ = directory
    }

    /// A child builder that fails (here `false`, which exits 1 at once) fails the rebuild with what it said;
    /// the serving index and its file stay, and nothing is left beside them.
    @Test func aFailingChildBuilderLeavesTheServingIndex() async throws {
        let (directory, seeded) = try await SeededCommunity.serve()
        var arguments = seeded
        arguments.builderExecutable = "/bin/false"
        let indexPath = try #require(arguments.indexPath)
        let before = try Data(contentsOf: URL(fileURLWithPath: indexPath))
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            #expect(try await client.request(.post, "/v1/admin/rebuild", token: testAdminToken).status == .accepted)
            var status = try await client.request(.get, "/v1/admin/rebuild", token: testAdminToken).decode(Status.self)
            for _ in 0..<3_000 where status.state != "idle" || status.lastFinished == nil {
                try await Task.sleep(for: .milliseconds(20))
                status = try await client.request(.get, "/v1/admin/rebuild", token: testAdminToken).decode(Status.self)
            }
            #expect(status.generation == 1)
            #expect(status.lastError?.contains("index builder exited with status 1") == true)
            let health = try await client.request(.get, "/health").decode(HealthBody.self)
            #expect(health.index.members == 300)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: indexPath)) == before)
        #expect(!FileManager.default.fileExists(atPath: indexPath + ".next"))
        _ = directory
    }

    @Test func aCrashedRebuildLeavesTheServingIndexAndAStartStillWorks() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let indexPath = try #require(arguments.indexPath)
        // What SIGKILL mid-write leaves: a partial temporary file beside the index, never a partial index.
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: indexPath + ".tmp-99999"))
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            let health = try await client.request(.get, "/health").decode(HealthBody.self)
            #expect(health.index.members == 300)
        }
        // A corrupt index is refused with an error, not a crash.
        try Data(repeating: 0, count: 128).write(to: URL(fileURLWithPath: indexPath))
        await #expect(throws: MatchingError.self) { _ = try await buildApplication(arguments) }
        _ = directory
    }
}
