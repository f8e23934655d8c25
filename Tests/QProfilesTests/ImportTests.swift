import Foundation
import StoreTesting
import Testing
@testable import QProfiles

/// Import and export, on either store: the same rows in, the same rows and files out.
@Suite struct ImportTests {
    @Test(arguments: StoreKind.allCases)
    func importsTheSampleCommunity(_ kind: StoreKind) async throws {
        try await Sample.withStore(kind) { store, _ in
            let snapshot = try await StoreSnapshot(store)
            #expect(snapshot.members.map(\.id) == ["m1", "m2", "m3"])
            #expect(snapshot.groups.map(\.id) == ["lab-peer", "sig-falls"])
            #expect(snapshot.connections.count == 2)
            let ada = try #require(try await store.member("m1"))
            #expect(ada.topics == ["falls", "sepsis"])
            #expect(ada.groups == ["sig-falls"])
            #expect(ada.attributes == ["team": "ward-a"])
            #expect(ada.joined == "2016-03-01")
            let bob = try #require(try await store.member("m2"))
            #expect(bob.discoverable == false)
            #expect(bob.groups == ["sig-falls", "lab-peer"])
            #expect(bob.attributes.isEmpty)
            let cara = try #require(try await store.member("m3"))
            #expect(cara.discoverable == true && cara.joined == nil)
            #expect(snapshot.groups.first { $0.id == "lab-peer" }?.description == "Q Lab 2018, peer support")
            #expect(snapshot.connections.first { $0.kind == "collaboration" }
                == Connection("m2", "m3", kind: "collaboration", weight: 2.5, created: "2019-05-06T10:00:00Z"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func acceptsWhatRealFilesHave(_ kind: StoreKind) async throws {
        let temporary = try TemporaryDirectory()
        try temporary.write("real/groups.csv", Sample.groups)
        // BOM, CRLF, quoted commas, quotes and newlines, tabs and backslashes, Welsh and Irish names, a trailing
        // blank line.
        let members = "\u{FEFF}id,name,bio,groups\r\n"
            + "w1,Siân Llywelyn,\"Nurse, Cardiff; says \"\"hello\"\"\r\nand more\tC:\\wards\\N\",sig-falls\r\n"
            + "i1,Seán Ó Briain,\"\",\r\n"
            + "\r\n"
        try temporary.write("real/members.csv", members)
        // The same pair twice, once reversed: merged into one (largest weight, earliest date).
        try temporary.write("real/connections.csv", "source,target,weight,created\nw1,i1,1,2020-02-02\ni1,w1,3,2019-01-01\n\n")
        try await withStore(kind) { store in
            let report = try await store.importFiles(ImportSources(directory: temporary.file("real")))
            #expect(report.members == 2 && report.connections == 1 && report.mergedConnections == 1)
            let sian = try #require(try await store.member("w1"))
            #expect(sian.name == "Siân Llywelyn")
            #expect(sian.bio == "Nurse, Cardiff; says \"hello\"\r\nand more\tC:\\wards\\N")
            #expect(try await store.member("i1")?.name == "Seán Ó Briain")
            let connections = try await store.connections()
            #expect(connections == [Connection("i1", "w1", weight: 3, created: "2019-01-01")])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func reimportingChangesNothing(_ kind: StoreKind) async throws {
        try await Sample.withStore(kind, withFeedback: true) { store, temporary in
            let before = try await StoreSnapshot(store)
            let report = try await store.importFiles(ImportSources(directory: temporary.file("base")))
            #expect(report.members == 3 && report.feedback == 3)
            #expect(try await StoreSnapshot(store) == before)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func importsJSONLines(_ kind: StoreKind) async throws {
        let temporary = try TemporaryDirectory()
        try temporary.write("j/groups.jsonl", #"{"id":"sig-a","kind":"sig","keywords":["x","y"]}"# + "\n")
        try temporary.write("j/members.jsonl", """
            {"id":"a1","name":"Ann","topics":["falls","sepsis"],"groups":["sig-a"],"discoverable":false,"grade":"7"}
            {"id":"a2","topics":"frailty;dementia","joined":null}

            """)
        try temporary.write("j/connections.jsonl", #"{"source":"a1","target":"a2","weight":2}"# + "\n")
        try await withStore(kind) { store in
            let report = try await store.importFiles(ImportSources(directory: temporary.file("j")))
            #expect(report.members == 2 && report.groups == 1 && report.connections == 1)
            let ann = try #require(try await store.member("a1"))
            #expect(ann.topics == ["falls", "sepsis"] && !ann.discoverable && ann.attributes == ["grade": "7"])
            #expect(try await store.member("a2")?.topics == ["frailty", "dementia"])
            #expect(try await store.connections().first?.weight == 2)
            #expect(try await store.groups().first?.keywords == ["x", "y"])
        }
    }

    /// An update through an import replaces a member's fields, groups and attributes, keeps a hidden member
    /// hidden when the row does not say, and leaves their connections.
    @Test(arguments: StoreKind.allCases)
    func reimportingUpdatesMembersInPlace(_ kind: StoreKind) async throws {
        try await Sample.withStore(kind) { store, temporary in
            try temporary.write("update/members.csv", """
                id,name,groups,grade
                m1,Ada King,lab-peer,8a
                m2,Bob Smith,,

                """)
            _ = try await store.importFiles(ImportSources(directory: temporary.file("update")))
            let ada = try #require(try await store.member("m1"))
            #expect(ada.name == "Ada King" && ada.groups == ["lab-peer"] && ada.attributes == ["grade": "8a"])
            #expect(ada.topics.isEmpty)
            let bob = try #require(try await store.member("m2"))
            #expect(!bob.discoverable && bob.groups.isEmpty)
            #expect(try await store.connections().count == 2)
            #expect(try await store.memberCount() == 3)
            #expect(try await store.memberCount(discoverableOnly: true) == 2)
            #expect(try await store.attributeNames() == ["grade", "team"])
        }
    }

    @Test(arguments: StoreKind.allCases, DataFormat.allCases)
    func exportImportExportGivesIdenticalFiles(_ kind: StoreKind, _ format: DataFormat) async throws {
        try await Sample.withStore(kind, withFeedback: true) { store, temporary in
            let first = temporary.file("first"), second = temporary.file("second")
            let counts = try await store.export(to: first, format: format)
            #expect(counts.members == 3 && counts.groups == 2 && counts.connections == 2 && counts.feedback == 3)
            try await withStore(kind) { copy in
                _ = try await copy.importFiles(ImportSources(directory: first))
                #expect(try await StoreSnapshot(copy) == StoreSnapshot(store))
                try await copy.export(to: second, format: format)
                let feedback = try await copy.allFeedback()
                #expect(feedback.count == 3)
                #expect(feedback.first { $0.member == "m1" && $0.action == .shown }?.count == 2)
            }
            try Self.expectSameFiles(first, second, format: format)
        }
    }

    /// The same files go through SQLite and PostgreSQL and come out byte for byte the same.
    @Test(arguments: DataFormat.allCases)
    func bothStoresExportTheSameFiles(_ format: DataFormat) async throws {
        let temporary = try TemporaryDirectory()
        let files = try Sample.directory(in: temporary, withFeedback: true)
        var exports: [String] = []
        for kind in StoreKind.allCases {
            try await withStore(kind) { store in
                _ = try await store.importFiles(ImportSources(directory: files))
                let out = temporary.file("export-\(kind)")
                try await store.export(to: out, format: format)
                exports.append(out)
            }
        }
        try Self.expectSameFiles(exports[0], exports[1], format: format)
    }

    static func expectSameFiles(_ first: String, _ second: String, format: DataFormat) throws {
        for table in ["members", "groups", "connections", "feedback"] {
            let name = "\(table).\(format.fileExtension)"
            let a = try Data(contentsOf: URL(fileURLWithPath: (first as NSString).appendingPathComponent(name)))
            let b = try Data(contentsOf: URL(fileURLWithPath: (second as NSString).appendingPathComponent(name)))
            #expect(a == b, "\(name) differs")
            #expect(!a.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func skipInvalidImportsTheRestAndListsRejections(_ kind: StoreKind) async throws {
        let temporary = try TemporaryDirectory()
        try temporary.write("s/members.csv", "id,joined\nok1,2020-01-01\nbad id,2020-01-01\nok2,2019-02-30\nok3,\n")
        try temporary.write("s/connections.csv", "source,target\nok1,ok3\nok1,ok2\nok1,ok1\n")
        try await withStore(kind) { store in
            let report = try await store.importFiles(ImportSources(directory: temporary.file("s")), skipInvalid: true)
            #expect(report.members == 2 && report.connections == 1)
            #expect(try await store.members(limit: 10).map(\.id) == ["ok1", "ok3"])
            let reasons = report.rejections.map(\.message)
            #expect(reasons.count == 4)
            #expect(reasons.contains { $0.hasSuffix("members.csv:3: column 'id': 'bad id' contains ' ' (expected 1-64 characters of A-Z a-z 0-9 . _ : -)") })
            #expect(reasons.contains { $0.contains("members.csv:4: column 'joined'") })
            #expect(reasons.contains { $0.contains("connections.csv:3: column 'target': unknown member 'ok2'") })
            #expect(reasons.contains { $0.contains("connections.csv:4: column 'target'") })
            #expect(report.rejections.first { $0.line == 3 && $0.file.hasSuffix("members.csv") }?.row == "bad id,2020-01-01")
        }
    }
}
