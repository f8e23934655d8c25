import Foundation
import GRDB
import Testing
@testable import QProfiles

/// Erased text leaves the disk: the database file and its WAL hold no byte of it afterwards.
@Suite struct ErasureTests {
    static let name = "Zephyrine Quillborough"
    static let bio = "Kestrel-warden of the Vantablack orchard"

    /// The byte strings an erased member's text may leave: as written, and as the search index keeps words.
    static var traces: [String] {
        var traces = [name, bio]
        for word in (name + " " + bio).split(whereSeparator: { !$0.isLetter }) where word.count >= 6 {
            traces.append(word.lowercased())
            traces.append(String(word))
        }
        return traces
    }

    static func files(of path: String) -> [String] {
        ["", "-wal", "-journal"].map { path + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
    }

    static func found(_ trace: String, in path: String) throws -> Bool {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.range(of: Data(trace.utf8)) != nil
    }

    @Test func erasureLeavesNoByteOfTheMemberOnDisk() async throws {
        let temporary = try TemporaryDirectory()
        let path = temporary.file("q.sqlite")
        let store = try ProfileStore(path: path)
        for index in 0..<200 {
            try await store.upsert(Member(id: String(format: "p%03d", index), name: "Person \(index)",
                                          topics: ["falls", "sepsis"], bio: "works on flow \(index)"))
        }
        try await store.upsert(Member(id: "z1", name: Self.name, topics: ["orchards"], challenge: Self.bio,
                                      bio: Self.bio, attributes: ["team": Self.name]))
        try await store.add(Connection("z1", "p001", created: "2024-01-01"))
        // Checkpointed once, so the text is in the main file too, not only in the WAL.
        try await store.checkpoint()
        try await store.upsert(Member(id: "z1", name: Self.name, bio: Self.bio + " and more"))
        #expect(try Self.files(of: path).contains { try Self.found(Self.name, in: $0) })

        #expect(try await store.erase("z1"))
        for file in Self.files(of: path) {
            for trace in Self.traces {
                #expect(try !Self.found(trace, in: file), "'\(trace)' is still in \(file)")
            }
        }
        // The store still works and still finds the others.
        #expect(try await store.memberCount() == 200)
        #expect(try await store.textSearch("Person 7", limit: 3).count == 3)
    }

    @Test func everyConnectionSetsSecureDelete() async throws {
        let temporary = try TemporaryDirectory()
        let store = try ProfileStore(path: temporary.file("q.sqlite"))
        let reading = try await store.read { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") }
        let writing = try await store.write { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") }
        #expect(reading == 1 && writing == 1)
    }

    @Test func abandonedTemporaryFilesOfDeadWritersAreRemoved() throws {
        let temporary = try TemporaryDirectory()
        let target = temporary.file("q.qindex")
        // A process that has exited: its id names no running process.
        let exited = try ChildProcess.run("/bin/true", [])
        let dead = try temporary.write("q.qindex.tmp-\(exited.processIdentifier)", "half an index")
        let ours = try temporary.write("q.qindex.tmp-\(getpid())", "being written")
        let running = try temporary.write("q.qindex.tmp-1", "init's")
        let other = try temporary.write("q.qindex.tmp-12x", "not a pid")
        let unrelated = try temporary.write("r.qindex.tmp-\(exited.processIdentifier)", "another file's")
        #expect(TemporaryFile.removeAbandoned(of: target) == [dead])
        #expect(!FileManager.default.fileExists(atPath: dead))
        for kept in [ours, running, other, unrelated] { #expect(FileManager.default.fileExists(atPath: kept)) }
    }
}
