import Foundation
import Testing
@testable import QProfiles

@Suite struct ImportTests {
    @Test func importsTheSampleCommunity() async throws {
        let (store, _) = try await Sample.store()
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
    }

    @Test func acceptsWhatRealFilesHave() async throws {
        let temporary = try TemporaryDirectory()
        try temporary.write("real/groups.csv", Sample.groups)
        // BOM, CRLF, quoted commas, quotes and newlines, Welsh and Irish names, a trailing blank line.
        let members = "\u{FEFF}id,name,bio,groups\r\n"
            + "w1,Siân Llywelyn,\"Nurse, Cardiff; says \"\"hello\"\"\r\nand more\",sig-falls\r\n"
            + "i1,Seán Ó Briain,\"\",\r\n"
            + "\r\n"
        try temporary.write("real/members.csv", members)
        // The same pair twice, once reversed: merged into one (largest weight, earliest date).
        try temporary.write("real/connections.csv", "source,target,weight,created\nw1,i1,1,2020-02-02\ni1,w1,3,2019-01-01\n\n")
        let store = try ProfileStore(path: nil)
        let report = try await store.importFiles(ImportSources(directory: temporary.file("real")))
        #expect(report.members == 2 && report.connections == 1 && report.mergedConnections == 1)
        let sian = try #require(try await store.member("w1"))
        #expect(sian.name == "Siân Llywelyn")
        #expect(sian.bio == "Nurse, Cardiff; says \"hello\"\r\nand more")
        #expect(try await store.member("i1")?.name == "Seán Ó Briain")
        let connections = try await store.connections()
        #expect(connections == [Connection("i1", "w1", weight: 3, created: "2019-01-01")])
    }

    @Test func reimportingChangesNothing() async throws {
        let (store, temporary) = try await Sample.store()
        let before = try await StoreSnapshot(store)
        let report = try await store.importFiles(ImportSources(directory: temporary.file("base")))
        #expect(report.members == 3)
        #expect(try await StoreSnapshot(store) == before)
    }

    @Test func importsJSONLines() async throws {
        let temporary = try TemporaryDirectory()
        try temporary.write("j/groups.jsonl", #"{"id":"sig-a","kind":"sig","keywords":["x","y"]}"# + "\n")
        try temporary.write("j/members.jsonl", """
            {"id":"a1","name":"Ann","topics":["falls","sepsis"],"groups":["sig-a"],"discoverable":false,"grade":"7"}
            {"id":"a2","topics":"frailty;dementia","joined":null}

            """)
        try temporary.write("j/connections.jsonl", #"{"source":"a1","target":"a2","weight":2}"# + "\n")
        let store = try ProfileStore(path: nil)
        let report = try await store.importFiles(ImportSources(directory: temporary.file("j")))
        #expect(report.members == 2 && report.groups == 1 && report.connections == 1)
        let ann = try #require(try await store.member("a1"))
        #expect(ann.topics == ["falls", "sepsis"] && !ann.discoverable && ann.attributes == ["grade": "7"])
        #expect(try await store.member("a2")?.topics == ["frailty", "dementia"])
        #expect(try await store.connections().first?.weight == 2)
    }

    @Test(arguments: [DataFormat.csv, .jsonl])
    func exportImportExportGivesIdenticalFiles(_ format: DataFormat) async throws {
        let (store, temporary) = try await Sample.store()
        try await store.recordFeedback(member: "m1", other: "m3", action: .dismiss)
        try await store.recordFeedback(member: "m1", other: "m3", action: .shown)
        try await store.recordFeedback(member: "m1", other: "m3", action: .shown)
        try await store.recordFeedback(member: "m3", other: "m2", action: .connected)
        let first = temporary.file("first"), second = temporary.file("second")
        try await store.export(to: first, format: format)
        let copy = try ProfileStore(path: nil)
        _ = try await copy.importFiles(ImportSources(directory: first))
        #expect(try await StoreSnapshot(copy) == StoreSnapshot(store))
        try await copy.export(to: second, format: format)
        #expect(try await copy.allFeedback().count == 3)
        #expect(try await copy.feedback(of: "m1") == ["m3": [.dismiss: 1, .shown: 2]])
        for table in ["members", "groups", "connections", "feedback"] {
            let name = "\(table).\(format.fileExtension)"
            let a = try Data(contentsOf: URL(fileURLWithPath: (first as NSString).appendingPathComponent(name)))
            let b = try Data(contentsOf: URL(fileURLWithPath: (second as NSString).appendingPathComponent(name)))
            #expect(a == b, "\(name) differs after a round trip")
            #expect(!a.isEmpty)
        }
    }

    @Test func skipInvalidImportsTheRestAndListsRejections() async throws {
        let temporary = try TemporaryDirectory()
        try temporary.write("s/members.csv", "id,joined\nok1,2020-01-01\nbad id,2020-01-01\nok2,2019-02-30\nok3,\n")
        try temporary.write("s/connections.csv", "source,target\nok1,ok3\nok1,ok2\nok1,ok1\n")
        let store = try ProfileStore(path: nil)
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
