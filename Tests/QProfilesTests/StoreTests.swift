import Foundation
import StoreTesting
import Testing
@testable import QProfiles

@Suite struct StoreTests {
    @Test(arguments: StoreKind.allCases)
    func erasureRemovesEveryRowAboutTheMember(_ kind: StoreKind) async throws {
        try await Sample.withStore(kind, withFeedback: true) { store, _ in
            #expect(try await store.erase("m2"))
            #expect(try await store.member("m2") == nil)
            #expect(try await store.connections().isEmpty)
            let feedback = try await store.allFeedback()
            #expect(feedback.map(\.member) == ["m1", "m1"] && !feedback.contains { $0.other == "m2" })
            let members = try await store.members(limit: 10)
            #expect(members.map(\.id) == ["m1", "m3"])
            #expect(members.flatMap(\.groups) == ["sig-falls"])
            let ids = try await store.memberIDs()
            #expect(ids.all == ["m1", "m3"] && ids.hidden.isEmpty)
            #expect(try await store.erase("m2") == false)
            // The rest is as it was: m1's attributes and groups stay.
            #expect(try await store.member("m1")?.attributes == ["team": "ward-a"])
            #expect(try await store.groups().map(\.id) == ["lab-peer", "sig-falls"])
        }
    }

    @Test func upsertReplacesFieldsMembershipsAndAttributes() async throws {
        let (store, _) = try await Sample.store()
        var ada = try #require(try await store.member("m1"))
        ada.groups = ["lab-peer"]
        ada.attributes = ["grade": "8a"]
        ada.topics = ["maternity"]
        try await store.upsert(ada)
        #expect(try await store.member("m1") == ada)
        #expect(try await store.memberCount() == 3)
        // Connections survive an update (an upsert is not a delete and insert).
        #expect(try await store.connectionCount() == 2)
    }

    @Test func upsertRejectsAnUnknownGroup() async throws {
        let (store, _) = try await Sample.store()
        let error = await #expect(throws: ProfileError.self) {
            try await store.upsert(Member(id: "n1", groups: ["sig-none"]))
        }
        #expect(error?.description.contains("group 'sig-none' does not exist") == true)
        #expect(try await store.member("n1") == nil)
    }

    @Test func schemaRejectsWhatValidationWouldHaveCaught() async throws {
        let store = try ProfileStore(path: nil)
        await #expect(throws: ProfileError.self) { try await store.upsert(Member(id: "bad id")) }
        await #expect(throws: ProfileError.self) { try await store.upsert(Member(id: "x", joined: "2019-02-30")) }
        try await store.upsert(Member(id: "a"))
        try await store.upsert(Member(id: "b"))
        await #expect(throws: ProfileError.self) { try await store.add(Connection("a", "b", weight: 0)) }
        await #expect(throws: ProfileError.self) { try await store.add(Connection("a", "ghost")) }
        await #expect(throws: ProfileError.self) {
            try await store.recordFeedback(member: "a", other: "ghost", action: .dismiss)
        }
        #expect(try await store.connectionCount() == 0)
    }

    @Test func addingAConnectionAgainReplacesIt() async throws {
        let (store, _) = try await Sample.store()
        try await store.add(Connection("m3", "m1", weight: 4, created: "2020-01-01"))
        try await store.add(Connection("m1", "m3", weight: 2, created: "2020-01-02"))
        let connection = try await store.connections().first { $0.source == "m1" && $0.target == "m3" }
        #expect(connection?.weight == 2)
        #expect(try await store.connectionCount() == 3)
    }

    @Test func feedbackCounts() async throws {
        let (store, _) = try await Sample.store()
        try await store.recordFeedback(member: "m1", other: "m3", action: .shown)
        try await store.recordFeedback(member: "m1", other: "m3", action: .shown)
        try await store.recordFeedback(member: "m1", other: "m3", action: .dismiss)
        #expect(try await store.feedback(of: "m1") == ["m3": [.shown: 2, .dismiss: 1]])
    }

    @Test func pagesInIdOrder() async throws {
        let store = try ProfileStore(path: nil)
        for index in 0..<25 { try await store.upsert(Member(id: String(format: "p%03d", index))) }
        var seen: [String] = []
        try await store.forEachMember(pageSize: 7) { seen.append($0.id) }
        #expect(seen == (0..<25).map { String(format: "p%03d", $0) })
        #expect(try await store.members(after: "p020", limit: 3).map(\.id) == ["p021", "p022", "p023"])
    }

    @Test func fileStoreUsesWALAndPersists() async throws {
        let temporary = try TemporaryDirectory()
        let path = temporary.file("q.sqlite")
        do {
            let store = try ProfileStore(path: path)
            try await store.upsert(Member(id: "a", name: "Ann"))
            let mode = try await store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
        }
        let reopened = try ProfileStore.open(existing: path)
        #expect(try await reopened.member("a")?.name == "Ann")
        #expect(throws: ProfileError.self) { try ProfileStore.open(existing: temporary.file("none.sqlite")) }
    }

    @Test func statsCountCrossBoundaryTies() async throws {
        let (store, _) = try await Sample.store()
        let stats = try await store.stats()
        #expect(stats.members == 3 && stats.discoverable == 2)
        #expect(stats.connectedPairs == 2)
        // m1 (Wales, acute)–m2 (England, primary care); m2 (England)–m3 (Scotland, academic): both cross.
        #expect(stats.crossNationShare == 1)
        #expect(stats.crossNationOrSectorShare == 1)
        #expect(stats.byNation.first { $0.value == "Wales" }?.count == 1)
        #expect(stats.degree.max == 2 && stats.degree.isolated == 0)
        #expect(stats.groups.map(\.kind) == ["lab", "sig"])
    }

    @Test(arguments: ["2020-02-29", "2000-02-29", "1999-12-31"])
    func acceptsRealDates(_ text: String) { #expect(DateText.isValidDate(text)) }

    @Test(arguments: ["2019-02-29", "1900-02-29", "2020-04-31", "2020-00-10", "20-01-01", "2020-1-01", "2020-01-01x"])
    func rejectsImpossibleDates(_ text: String) { #expect(!DateText.isValidDate(text)) }

    @Test(arguments: ["2021-03-04T09:30:00Z", "2021-03-04T09:30", "2021-03-04 09:30:00.123+01:00"])
    func acceptsDateTimes(_ text: String) { #expect(DateText.isValidDateTime(text)) }

    @Test(arguments: ["2021-03-04T25:00:00Z", "2021-03-04T09:30:00Q", "2021-02-30T09:30:00Z", "2021-03-04T09"])
    func rejectsBadDateTimes(_ text: String) { #expect(!DateText.isValidDateTime(text)) }
}
