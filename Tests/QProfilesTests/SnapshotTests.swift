import Foundation
import StoreTesting
import Testing
@testable import QProfiles

/// A build and an export see the store at one moment, while writes go on.
@Suite struct SnapshotTests {
    /// Adds members, each with a connection to the one before, until `stop` is set.
    static func writer(_ store: ProfileStore, count: Int) -> Task<Void, any Error> {
        Task.detached {
            for index in 0..<count {
                try await store.upsert(Member(id: String(format: "w%05d", index), name: "W \(index)"))
                if index > 0 {
                    try await store.add(Connection(String(format: "w%05d", index - 1), String(format: "w%05d", index)))
                }
            }
        }
    }

    @Test func snapshotHoldsEveryConnectionsMembers() async throws {
        let temporary = try TemporaryDirectory()
        let store = try ProfileStore(path: temporary.file("q.sqlite"))
        let writing = Self.writer(store, count: 400)
        var checked = 0
        while checked < 30 {
            let snapshot = try await store.snapshot()
            let ids = Set(snapshot.members.map(\.id))
            for connection in snapshot.connections {
                #expect(ids.contains(connection.source) && ids.contains(connection.target))
            }
            #expect(snapshot.members.map(\.id) == snapshot.members.map(\.id).sorted())
            checked += 1
        }
        try await writing.value
        let final = try await store.snapshot()
        #expect(final.members.count == 400 && final.connections.count == 399)
    }

    @Test func anExportMadeDuringWritesImportsBack() async throws {
        let temporary = try TemporaryDirectory()
        let store = try ProfileStore(path: temporary.file("q.sqlite"))
        let writing = Self.writer(store, count: 300)
        for round in 0..<8 {
            let directory = temporary.file("export-\(round)")
            let counts = try await store.export(to: directory)
            let copy = try ProfileStore(path: nil)
            let report = try await copy.importFiles(ImportSources(directory: directory))
            #expect(report.members == counts.members && report.connections == counts.connections)
        }
        try await writing.value
    }

    @Test(arguments: StoreKind.allCases)
    func snapshotReadsEveryTable(_ kind: StoreKind) async throws {
        try await Sample.withStore(kind, withFeedback: true) { store, _ in
            let snapshot = try await store.snapshot()
            let expected = try await StoreSnapshot(store)
            #expect(snapshot.members == expected.members && snapshot.groups == expected.groups)
            #expect(snapshot.connections == expected.connections && snapshot.feedback == expected.feedback)
            #expect(snapshot.members.count == 3 && snapshot.feedback.count == 3)
        }
    }
}
