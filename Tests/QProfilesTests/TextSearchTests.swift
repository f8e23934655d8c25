import Foundation
import GRDB
import Testing
@testable import QProfiles

/// The store's full-text index: current after every write, never holding hidden or erased members, and
/// never reading a query as FTS syntax.
@Suite struct TextSearchTests {
    static func store() async throws -> ProfileStore {
        let store = try ProfileStore(path: nil)
        try await store.upsert(Member(id: "a1", name: "New Person", topics: ["social prescribing"],
                                      challenge: "growing social prescribing in rural practices"))
        try await store.upsert(Member(id: "a2", name: "Ada Lovelace", topics: ["falls", "sepsis"],
                                      methods: ["PDSA"], bio: "Nurse who likes xylophone therapy"))
        try await store.upsert(Member(id: "a3", name: "Bob Smith", topics: ["frailty"], challenge: "reducing falls"))
        try await store.upsert(Member(id: "h1", name: "Hidden Person", topics: ["falls"], discoverable: false))
        return store
    }

    @Test func findsByNameTopicMethodAndBio() async throws {
        let store = try await Self.store()
        #expect(try await store.textSearch("New Person", limit: 5).first?.id == "a1")
        #expect(try await store.textSearch("sepsis", limit: 5).map(\.id) == ["a2"])
        #expect(try await store.textSearch("pdsa", limit: 5).map(\.id) == ["a2"])
        #expect(try await store.textSearch("xylophone therapy", limit: 5).map(\.id) == ["a2"])
        #expect(try await store.textSearch("Lovélace", limit: 5).map(\.id) == ["a2"])
    }

    @Test func ranksBestFirstAndFavoursTopicsOverTheBio() async throws {
        let store = try ProfileStore(path: nil)
        try await store.upsert(Member(id: "t", topics: ["dementia"]))
        try await store.upsert(Member(id: "b", bio: "once met someone who worked on dementia care for years"))
        let results = try await store.textSearch("dementia", limit: 5)
        #expect(results.map(\.id) == ["t", "b"])
        #expect(results[0].score > results[1].score)
        #expect(try await store.textSearch("dementia", limit: 1).count == 1)
    }

    @Test func hiddenAndErasedMembersAreNeverFound() async throws {
        let store = try await Self.store()
        #expect(try await store.textSearch("Hidden", limit: 5).isEmpty)
        #expect(try await !store.textSearch("falls", limit: 5).map(\.id).contains("h1"))
        #expect(try await store.erase("a2"))
        #expect(try await store.textSearch("sepsis xylophone", limit: 5).isEmpty)
        // Opting out hides at once; opting in again finds them at once.
        try await store.upsert(Member(id: "a3", name: "Bob Smith", discoverable: false))
        #expect(try await store.textSearch("Bob", limit: 5).isEmpty)
        try await store.upsert(Member(id: "h1", name: "Hidden Person", discoverable: true))
        #expect(try await store.textSearch("Hidden", limit: 5).map(\.id) == ["h1"])
    }

    @Test func anEditIsFoundAtOnce() async throws {
        let store = try await Self.store()
        try await store.upsert(Member(id: "a3", name: "Bob Smith", topics: ["harp therapy"]))
        #expect(try await store.textSearch("harp", limit: 5).map(\.id) == ["a3"])
        #expect(try await store.textSearch("frailty", limit: 5).isEmpty)
        // An import is a write like any other.
        let temporary = try TemporaryDirectory()
        let path = try temporary.write("members.csv", "id,name,topics\na9,Imported Iris,ukulele\n")
        _ = try await store.importFiles(ImportSources(members: path))
        #expect(try await store.textSearch("ukulele", limit: 5).map(\.id) == ["a9"])
    }

    @Test(arguments: ["\"", "\"falls", "falls\"", "falls AND", "AND", "OR falls", "NOT falls", "NEAR(falls sepsis",
                      "NEAR(", "*", "falls*", "^falls", "name:falls", "{name}: falls", "falls) OR (", "''", "-falls",
                      "falls + sepsis", "a1:x", "💥 falls", String(repeating: "falls ", count: 500)])
    func userTextIsNeverQuerySyntax(_ text: String) async throws {
        let store = try await Self.store()
        let results = try await store.textSearch(text, limit: 10)
        let expected = text.lowercased().contains("falls") ? Set(["a2", "a3"]) : Set<String>()
        #expect(Set(results.map(\.id)).isSuperset(of: expected))
        #expect(!results.map(\.id).contains("h1"))
    }

    @Test(arguments: ["", "   ", "!!! ??? ...", "\"\"", "*", "()"])
    func textWithoutWordsFindsNobody(_ text: String) async throws {
        let store = try await Self.store()
        #expect(try await store.textSearch(text, limit: 10).isEmpty)
    }

    @Test func theMigrationIndexesExistingDiscoverableMembers() async throws {
        let temporary = try TemporaryDirectory()
        let path = temporary.file("old.sqlite")
        do {
            // A database made before the search index existed.
            let old = try DatabaseQueue(path: path)
            try ProfileStore.migrator.migrate(old, upTo: "v1")
            try await old.write { db in
                try db.execute(sql: "INSERT INTO member(id, name, discoverable) VALUES ('o1', 'Olwen Old', 1), "
                    + "('o2', 'Olwen Hidden', 0)")
            }
        }
        let store = try ProfileStore(path: path)
        #expect(try await store.textSearch("Olwen", limit: 5).map(\.id) == ["o1"])
    }
}
