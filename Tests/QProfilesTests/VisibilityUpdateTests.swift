import Foundation
import StoreTesting
import Testing
@testable import QProfiles

/// An update that does not say whether a member may be seen never makes an opted-out member visible.
@Suite struct VisibilityUpdateTests {
    @Test func storeUpdateWithoutAValueKeepsAHiddenMemberHidden() async throws {
        let (store, _) = try await Sample.store()   // m2 is not discoverable
        let written = try await store.upsert(Member(id: "m2", name: "Bob Smith"), keepingDiscoverable: true)
        #expect(written.member.discoverable == false && !written.isNew)
        #expect(try await store.member("m2")?.discoverable == false)
        #expect(try await store.member("m2")?.name == "Bob Smith")
        // Only an explicit value changes it.
        try await store.upsert(Member(id: "m2", discoverable: true))
        #expect(try await store.member("m2")?.discoverable == true)
    }

    @Test func aNewMemberIsDiscoverableByDefault() async throws {
        let (store, _) = try await Sample.store()
        let written = try await store.upsert(Member(id: "n1"), keepingDiscoverable: true)
        #expect(written.isNew && written.member.discoverable)
        #expect(try await store.member("n1")?.discoverable == true)
    }

    /// Files that leave `discoverable` out: no column, an empty cell, a missing JSON key, a JSON null.
    static let filesWithoutAValue: [(String, String)] = [
        ("members.csv", "id,name\nm2,Bob Again\nn1,New\n"),
        ("members.csv", "id,name,discoverable\nm2,Bob Again,\nn1,New,\n"),
        ("members.jsonl", "{\"id\": \"m2\", \"name\": \"Bob Again\"}\n{\"id\": \"n1\", \"name\": \"New\"}\n"),
        ("members.jsonl", "{\"id\": \"m2\", \"name\": \"Bob Again\", \"discoverable\": null}\n"
            + "{\"id\": \"n1\", \"name\": \"New\", \"discoverable\": null}\n"),
    ]

    @Test(arguments: StoreKind.allCases, filesWithoutAValue)
    func importWithoutAValueKeepsAHiddenMemberHidden(_ kind: StoreKind, _ file: (String, String)) async throws {
        try await Sample.withStore(kind) { store, temporary in
            let path = try temporary.write("update/\(file.0)", file.1)
            _ = try await store.importFiles(ImportSources(members: path))
            #expect(try await store.member("m2")?.name == "Bob Again")
            #expect(try await store.member("m2")?.discoverable == false)
            #expect(try await store.member("n1")?.discoverable == true)
            #expect(try await store.member("m1")?.discoverable == true)
            #expect(try await store.discoverableIDs() == ["m1", "m3", "n1"])
        }
    }

    @Test(arguments: StoreKind.allCases, ["true", "TRUE"])
    func importWithAnExplicitValueChangesIt(_ kind: StoreKind, _ value: String) async throws {
        try await Sample.withStore(kind) { store, temporary in
            let path = try temporary.write("update/members.csv", "id,discoverable\nm2,\(value)\nm1,false\n")
            _ = try await store.importFiles(ImportSources(members: path))
            #expect(try await store.member("m2")?.discoverable == true)
            #expect(try await store.member("m1")?.discoverable == false)
        }
    }

    @Test func requestBodyTellsWhetherItSetsDiscoverable() throws {
        let without = try JSONInput.memberUpdate(Data(#"{"name": "Ann"}"#.utf8), id: "a")
        #expect(!without.setsDiscoverable && without.member.discoverable)
        let null = try JSONInput.memberUpdate(Data(#"{"discoverable": null}"#.utf8), id: "a")
        #expect(!null.setsDiscoverable)
        let hidden = try JSONInput.memberUpdate(Data(#"{"discoverable": false}"#.utf8), id: "a")
        #expect(hidden.setsDiscoverable && !hidden.member.discoverable)
    }
}
