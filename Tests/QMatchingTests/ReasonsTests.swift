import Testing
@testable import QMatching
@testable import QProfiles

/// The one reason writer: the exact text of every kind of reason, and which reasons a score's parts allow.
@Suite struct ReasonsTests {
    static let members = [
        Member(id: "a", name: "Ann Ash", role: "nurse", sector: "acute", region: "South West",
               topics: ["falls", "delirium"], methods: ["PDSA"], offers: ["mentoring"], needs: ["coaching"],
               groups: ["g1"]),
        Member(id: "b", name: "Bo Birch", role: "doctor", sector: "voluntary", region: "Wales",
               topics: ["falls", "delirium"], methods: ["PDSA"], offers: ["coaching"], needs: ["mentoring"],
               groups: ["g1"]),
        Member(id: "c", name: "Cy Clark", region: "Wales", topics: ["falls"]),
        Member(id: "d", name: "Di Dunn", region: "Wales", topics: ["falls"]),
        Member(id: "e", name: "Ed Elm", role: "improvement-specialist", sector: "acute", region: "South West",
               topics: ["falls"]),
        Member(id: "f", name: "Flo Fir", role: "nurse", sector: "acute", region: "South West", topics: ["sepsis"]),
    ]
    static let connections = [Connection("a", "c"), Connection("b", "c"), Connection("a", "d"), Connection("b", "d"),
                              Connection("f", "c"), Connection("e", "d"), Connection("e", "c")]

    static func writer(names: [MemberID: String]? = ["c": "Cy Clark", "d": "Di Dunn"]) throws -> (Reasons, ServingView) {
        let index = try MatchingIndex.build(members: members, connections: connections, dimension: 4, fitBlend: false)
        let view = ServingView(index: index)
        return (Reasons(view: view, groupNames: ["g1": "Falls SIG"], names: names), view)
    }

    @Test func everyKindOfReasonReadsExactly() throws {
        let (reasons, view) = try Self.writer()
        let a = try #require(view.row(of: "a")), b = try #require(view.row(of: "b"))
        #expect(reasons.between(a, and: b) == [
            "shared interests: delirium and falls",
            "both use pdsa",
            "2 mutual connections, including Cy Clark and Di Dunn",
            "both in Falls SIG",
            "can help you with coaching",
            "you could help with mentoring",
            "works in Wales, in the voluntary sector",
        ])
        // One mutual connection, named; and one that may not be named is counted only when the view shows them.
        let f = try #require(view.row(of: "f"))
        #expect(reasons.between(a, and: f) == ["a mutual connection: Cy Clark"])
        let (unnamed, _) = try Self.writer(names: ["d": "Di Dunn"])
        #expect(unnamed.between(a, and: f).isEmpty == false)
        #expect(unnamed.between(a, and: f).first?.hasPrefix("similar interests") == true)
    }

    /// Places, sectors and roles are worded once per snapshot; a member written since the build with a place,
    /// sector and role the snapshot never saw is worded the same way, by the same code.
    @Test func newPlacesSectorsAndRolesAreWordedAsTheSnapshotsAre() throws {
        let (_, snapshotView) = try Self.writer()
        let newcomer = Member(id: "n", name: "Nia Nant", role: "patient-leader", sector: "mental-health",
                              region: "Powys", topics: ["falls"])
        let view = snapshotView.upserting(newcomer)
        let reasons = Reasons(view: view, groupNames: [:], names: ["c": "Cy Clark"])
        let a = try #require(view.row(of: "a")), n = try #require(view.row(of: "n")), b = try #require(view.row(of: "b"))
        #expect(Int(view.region(n)) >= view.index.facts.categories.count)   // a code added since the build
        // (A region the generator's places do not know has no nation, so only the sector crosses.)
        #expect(reasons.boundary(from: a, to: n) == "works in mental health")
        #expect(reasons.sameRole(n) == "also a patient leader")
        #expect(reasons.sameRegion(n) == "also in Powys")
        // Snapshot codes read the words kept for them: the same text.
        #expect(reasons.boundary(from: a, to: b) == "works in Wales, in the voluntary sector")
        #expect(reasons.sameRegion(a) == "also in the South West")
        #expect(reasons.sameRole(a) == "also a nurse")
        #expect(reasons.boundary(from: a, to: try #require(view.row(of: "f"))) == nil)
    }

    @Test func onlySignalsThatCountedHaveReasons() throws {
        let (reasons, view) = try Self.writer()
        let a = try #require(view.row(of: "a")), b = try #require(view.row(of: "b"))
        let e = try #require(view.row(of: "e"))
        // Content counted, helping counted against: no help reasons.
        #expect(reasons.between(a, and: b, parts: [("content", 0.8), ("you can help", -0.25), ("they can help", -0.1)])
            == ["shared interests: delirium and falls", "both use pdsa", "works in Wales, in the voluntary sector"])
        // Ranked mainly by the same region: that has a reason (and the nation is not said twice).
        #expect(reasons.between(a, and: e, parts: [("same region", 1.2), ("same nation", 0.3), ("content", -0.1)])
            == ["also in the South West"])
        #expect(reasons.between(a, and: e, parts: [("same sector", 0.4)]) == ["also works in acute care"])
        #expect(reasons.between(a, and: e, parts: [("same role", 0.4), ("same sector", 0.01)]) == ["also a nurse"]
            || reasons.between(a, and: e, parts: [("same role", 0.4)]).isEmpty == false)
        let f = try #require(view.row(of: "f"))
        #expect(reasons.between(e, and: f, parts: [("same role", 0.4)]) == ["also a nurse"])
        #expect(reasons.between(b, and: f, parts: [("popularity", 0.5)]).contains("well connected (1 connection)"))
        #expect(reasons.between(a, and: f, parts: [("adamic-adar", 0.2)]) == ["a mutual connection: Cy Clark"])
    }

    @Test func wordingHelpers() {
        #expect(Reasons.sectorPhrase("academic") == "in academia")
        #expect(Reasons.sectorPhrase("voluntary") == "in the voluntary sector")
        #expect(Reasons.sectorPhrase("social-care") == "in social care")
        #expect(Reasons.sectorPhrase("fire-service") == "in fire service")
        #expect(Reasons.inPlace("south west") == "in the South West")
        #expect(Reasons.inPlace("yorkshire and the humber") == "in Yorkshire and the Humber")
        #expect(Reasons.inPlace("wales") == "in Wales")
        #expect(Reasons.list(["a"]) == "a" && Reasons.list(["a", "b", "c"]) == "a, b and c")
        #expect(Reasons.list(["inpatient falls", "delirium and falls"]) == "inpatient falls; delirium and falls")
    }
}
