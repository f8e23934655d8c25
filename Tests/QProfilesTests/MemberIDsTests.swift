import Foundation
import GRDB
import StoreTesting
import Testing
@testable import QProfiles

/// Who exists and who is hidden, read from indexes only (the serving view's visibility at every start-up).
@Suite struct MemberIDsTests {
    @Test func listsEveryMemberInByteOrderAndTheHiddenOnes() async throws {
        let (store, _) = try await Sample.store()   // m2 is not discoverable
        let ids = try await store.memberIDs()
        #expect(ids.all == ["m1", "m2", "m3"])
        #expect(ids.hidden == ["m2"])
        #expect(try await store.discoverableIDs() == ["m1", "m3"])
        // A change of visibility and an erasure show at the next read.
        try await store.upsert(Member(id: "m2", discoverable: true))
        try await store.upsert(Member(id: "m3", discoverable: false))
        _ = try await store.erase("m1")
        let next = try await store.memberIDs()
        #expect(next.all == ["m2", "m3"])
        #expect(next.hidden == ["m3"])
        #expect(try await store.discoverableIDs() == ["m2"])
    }

    /// Neither query reads a member row: the id index covers the first, the partial index of hidden members
    /// (a few rows) the second. Scanning member rows took most of the server's start-up at a million members.
    /// Ids compare byte by byte on both stores (upper case before lower, digits before letters, `-` before `.`),
    /// whatever the PostgreSQL database's collation: the serving view walks the store's ids and the index's
    /// together.
    @Test(arguments: StoreKind.allCases)
    func idsAreInByteOrderOnEitherStore(_ kind: StoreKind) async throws {
        let temporary = try TemporaryDirectory()
        let ids = ["b", "B", "a-1", "a.1", "a_1", "a:1", "A1", "1a", "Z", "aa", "a"]
        try temporary.write("ids/members.csv", "id,discoverable\n" + ids.map { "\($0),\($0 == "B" ? "false" : "true")" }
            .joined(separator: "\n") + "\n")
        try temporary.write("ids/connections.csv", "source,target\nb,B\na-1,a.1\n")
        try await withStore(kind) { store in
            _ = try await store.importFiles(ImportSources(directory: temporary.file("ids")))
            let sorted = ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            let read = try await store.memberIDs()
            #expect(read.all == sorted)
            #expect(read.hidden == ["B"])
            #expect(try await store.members(limit: 100).map(\.id) == sorted)
            #expect(try await store.members(after: "a", limit: 2).map(\.id) == ["a-1", "a.1"])
            // Each connection is kept with its ends in byte order.
            #expect(try await store.connections().map { [$0.source, $0.target] } == [["B", "b"], ["a-1", "a.1"]])
        }
    }

    @Test func readsIndexesNotMemberRows() async throws {
        let (store, _) = try await Sample.store()
        let plans = try await store.read { db in
            try ["SELECT id FROM member ORDER BY id", "SELECT id FROM member WHERE discoverable = 0 ORDER BY id"].map {
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + $0).map { $0["detail"] as String? ?? "" }
                    .joined(separator: "; ")
            }
        }
        #expect(plans[0].contains("COVERING INDEX"), "\(plans[0])")
        #expect(plans[1].contains("member_hidden"), "\(plans[1])")
    }
}

/// Progress of long work: at most about a hundred reports, in order, ending at 1.
@Suite struct ProgressTests {
    final class Reports: @unchecked Sendable {   // written by one task at a time in these tests
        private let lock = NSLock()
        private var items: [(String, Double?)] = []
        func add(_ stage: String, _ fraction: Double?) { lock.withLock { items.append((stage, fraction)) } }
        var all: [(String, Double?)] { lock.withLock { items } }
    }

    @Test(arguments: [0, 1, 7, 100, 12_345])
    func meterReportsEachPercentAtMostOnce(_ total: Int) {
        var seen: [Double] = []
        var meter = ProgressMeter(total: total) { seen.append($0) }
        for _ in 0..<total { meter.advance() }
        #expect(seen.first == 0)
        #expect(seen.count <= 102, "\(seen.count) reports")
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 <= $1 })
        if total > 0 { #expect(seen.last == 1) }
    }

    @Test func importReportsItsStages() async throws {
        let temporary = try TemporaryDirectory()
        let store = try ProfileStore(path: nil)
        let reports = Reports()
        _ = try await store.importFiles(ImportSources(directory: Sample.directory(in: temporary)),
                                        progress: { reports.add($0, $1) })
        let stages = reports.all.map(\.0)
        let expected = ["reading members and connections", "checking members", "checking references", "writing members",
                        "writing connections", "committing"]
        let positions = expected.map { stages.firstIndex(of: $0) }
        #expect(positions.allSatisfy { $0 != nil }, "\(stages)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(stages)")
        #expect(reports.all.last { $0.0 == "writing members" }?.1 == 1)
        #expect(reports.all.last { $0.0 == "writing connections" }?.1 == 1)
    }
}
