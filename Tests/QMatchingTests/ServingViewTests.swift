import Foundation
import Testing
@testable import QMatching
@testable import QProfiles

/// The serving view: members written since the build are rows like any other, ranked, filtered, explained and
/// hidden by the same code as the snapshot's rows.
@Suite struct ServingViewTests {
    /// A member re-written with the same profile (an overlay row superseding their snapshot row) gets the
    /// same suggestions, scores, reasons and breakdown as before, and is suggested to others as before.
    @Test func anOverlayRowRanksExactlyLikeItsSnapshotRow() async throws {
        let fixture = try await CommunityFixture.make(members: 240, seed: 8, dimension: 24)
        let base = try await fixture.view()
        var members: [Member] = []
        try await fixture.store.forEachMember { members.append($0) }
        let visible = members.filter(\.discoverable)
        for member in visible.prefix(6) {
            let edited = base.upserting(member, sequence: 1)
            let row = try #require(edited.row(of: member.id))
            let snapshotRow = try #require(base.row(of: member.id))
            #expect(row >= base.snapshotRows && !edited.isVisible(snapshotRow))
            let before = try await RecommendationService(store: fixture.store, view: base)
                .recommend(for: member.id, limit: 10, explain: true)
            let after = try await RecommendationService(store: fixture.store, view: edited)
                .recommend(for: member.id, limit: 10, explain: true)
            #expect(before.recommendations.map(\.id) == after.recommendations.map(\.id))
            #expect(before.recommendations.map(\.reasons) == after.recommendations.map(\.reasons))
            for (a, b) in zip(before.recommendations, after.recommendations) {
                // Equal up to the fold-in's float error (the vectors agree to 1e-4; the re-rank scales by the pool).
                #expect(abs(a.score - b.score) < 2e-3)
                let partsA = a.breakdown ?? [], partsB = b.breakdown ?? []
                #expect(partsA.map(\.signal) == partsB.map(\.signal))
                #expect(zip(partsA, partsB).allSatisfy { abs($0.value - $1.value) < 2e-3 })
            }
            // Others see the edited member exactly where they saw them before.
            for other in visible.dropFirst(10).prefix(8) {
                let a = try await RecommendationService(store: fixture.store, view: base).recommend(for: other.id, limit: 10)
                let b = try await RecommendationService(store: fixture.store, view: edited).recommend(for: other.id, limit: 10)
                #expect(a.recommendations.map(\.id) == b.recommendations.map(\.id))
            }
            // Similar and search see the same row.
            let similarBefore = base.similar(to: try #require(base.row(of: member.id)), limit: 10).map { base.id(of: $0.row) }
            let similarAfter = edited.similar(to: row, limit: 10).map { edited.id(of: $0.row) }
            #expect(similarBefore == similarAfter)
        }
    }

    /// The view made at start-up shows exactly the members the store says may be seen, after every kind of
    /// change since the build: hidden, erased, shown again, and newcomers hidden or not (read from the store's
    /// indexes, compared here with the members themselves).
    @Test func currentShowsExactlyTheDiscoverableMembersOfTheStore() async throws {
        let fixture = try await CommunityFixture.make(members: 120, seed: 5, dimension: 16)
        let store = fixture.store
        var members: [Member] = []
        try await store.forEachMember { members.append($0) }
        let visible = members.filter(\.discoverable).map(\.id), hidden = members.filter { !$0.discoverable }.map(\.id)
        try #require(visible.count > 3 && !hidden.isEmpty)
        try await store.upsert(Member(id: visible[0], discoverable: false))
        _ = try await store.erase(visible[1])
        try await store.upsert(Member(id: hidden[0], discoverable: true))
        try await store.upsert(Member(id: "zz-new-shown", name: "New Shown"))
        try await store.upsert(Member(id: "aa-new-hidden", name: "New Hidden", discoverable: false))
        let view = try await ServingView.current(index: fixture.index, store: store)
        var expected = Set<MemberID>()
        try await store.forEachMember { if $0.discoverable { expected.insert($0.id) } }
        #expect(view.visibleIDs == expected)
        #expect(!view.visibleIDs.contains(visible[0]) && !view.visibleIDs.contains(visible[1]))
        #expect(view.visibleIDs.contains(hidden[0]) && view.visibleIDs.contains("zz-new-shown"))
        #expect(view.row(of: "aa-new-hidden") == nil, "a hidden newcomer is not folded in")
        #expect(view.overlayCount == 1)
    }

    /// The build reports its stages in order, the content lists with their fraction up to 1.
    @Test func buildReportsItsStages() async throws {
        let directory = try Scratch()
        _ = try CommunityGenerator(members: 150, seed: 4).write(to: directory.path, format: .csv)
        let store = try ProfileStore(path: nil)
        _ = try await store.importFiles(ImportSources(directory: directory.path))
        let reports = StageLog()
        _ = try await MatchingIndex.build(from: store, dimension: 16, contentLists: true,
                                          progress: { reports.add($0, $1) })
        let stages = reports.stages
        let expected = ["reading the store", "featurizing", "building the graph", "fitting the ranking", "content lists"]
        let positions = expected.map { stages.firstIndex(of: $0) }
        #expect(positions.allSatisfy { $0 != nil }, "\(stages)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(stages)")
        #expect(reports.fractions(of: "content lists").last == 1)
    }

    /// A newcomer written after the build is suggested, found, explained and hidden like everyone else.
    @Test func aNewcomerIsARowLikeAnyOther() async throws {
        let fixture = try await CommunityFixture.make(members: 200, seed: 9, dimension: 24)
        var members: [Member] = []
        try await fixture.store.forEachMember { members.append($0) }
        let model = try #require(members.first { $0.discoverable && !$0.topics.isEmpty && !$0.offers.isEmpty })
        // A twin of an existing member: their best match is the member they copy.
        let twin = Member(id: "twin", name: "Tess Twin", role: model.role, sector: model.sector, region: model.region,
                          topics: model.topics, methods: model.methods, offers: model.offers, needs: model.needs,
                          groups: model.groups, challenge: model.challenge, bio: model.bio)
        try await fixture.store.upsert(twin)
        let view = try await fixture.view()
        let row = try #require(view.row(of: "twin"))
        #expect(row == view.snapshotRows && view.node(of: row) == nil)
        let own = try await RecommendationService(store: fixture.store, view: view).recommend(for: "twin", limit: 10, explain: true)
        #expect(own.recommendations.count == 10)
        #expect(own.recommendations.first?.id == model.id)
        #expect(own.recommendations.first?.reasons.contains { $0.hasPrefix("shared interests: ") } == true)
        let suggested = try await RecommendationService(store: fixture.store, view: view).recommend(for: model.id, limit: 10)
        #expect(suggested.recommendations.contains { $0.id == "twin" && $0.name == "Tess Twin" })
        // Hidden: gone from every list at once.
        let hidden = view.hiding("twin")
        let after = try await RecommendationService(store: fixture.store, view: hidden).recommend(for: model.id, limit: 50)
        #expect(!after.recommendations.contains { $0.id == "twin" })
        #expect(!hidden.similar(to: try #require(hidden.row(of: model.id)), limit: 50).contains { $0.row == row })
        // Scores are in the order of the list (the diversity re-rank reports the score that ordered it).
        for list in [own, suggested] {
            let scores = list.recommendations.map(\.score)
            #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 })
        }
    }

    /// A table that repeats a text (a damaged or crafted index the reader accepts) keeps every code in range
    /// (the index fuzzer found a trap here).
    @Test func repeatedTableTextsKeepEveryCodeInRange() {
        let facts = ProfileFacts(categories: ["role=a", "role=a", "sector=x"], topics: ["t", "t"], groupIDs: ["g", "g"],
                                 role: [1, 0], sector: [2, -1], region: [-1, -1], nation: [-1, -1],
                                 attributes: CSRList(offsets: [0, 0, 0], values: []),
                                 offers: CSRList(offsets: [0, 1, 1], values: [1]),
                                 needs: CSRList(offsets: [0, 0, 1], values: [1]),
                                 groups: CSRList(offsets: [0, 1, 2], values: [1, 0]),
                                 interests: CSRList(offsets: [0, 0, 0], values: []), groupSizes: [1, 1])
        let codes = FactCodes(facts)
        #expect(codes.categories.count == 3 && codes.topics.count == 2 && codes.groupIDs.count == 2)
        #expect(codes.category("role=a") == 0 && codes.topic("t") == 0)
    }

    /// Topic lists, group sizes and codes follow edits: an edited member's old offers no longer count.
    @Test func editsReplaceFactsEverywhere() throws {
        let members = (0..<40).map { Member(id: "m\($0)", sector: $0 % 2 == 0 ? "acute" : "voluntary",
                                             topics: ["falls"], offers: $0 == 3 ? ["coaching"] : [],
                                             needs: $0 == 5 ? ["coaching"] : [], groups: ["g1"]) }
        let index = try MatchingIndex.build(members: members, connections: [], dimension: 8, fitBlend: false)
        let view = ServingView(index: index)
        let coaching = try #require(view.codes.topic("coaching"))
        let m3 = try #require(index.row(of: "m3"))
        #expect(view.offering(coaching).map(Int.init) == [m3])
        let edited = view.upserting(Member(id: "m3", topics: ["falls"], offers: ["mentoring"], groups: []))
        #expect(edited.offering(coaching).filter { edited.isVisible(Int($0)) }.isEmpty)
        let mentoring = try #require(edited.codes.topic("mentoring"))
        #expect(edited.offering(mentoring).map(Int.init) == [edited.row(of: "m3")!])
        #expect(edited.groupSizes[Int(try #require(edited.codes.group("g1")))] == 39)
        #expect(edited.memberRows.count == 40 && !edited.memberRows.contains(m3))
    }
}

/// Progress reports, as a progress display receives them.
final class StageLog: @unchecked Sendable {   // a lock guards the list
    private let lock = NSLock()
    private var items: [(String, Double?)] = []
    func add(_ stage: String, _ fraction: Double?) { lock.withLock { items.append((stage, fraction)) } }
    var stages: [String] { lock.withLock { items.map(\.0) } }
    func fractions(of stage: String) -> [Double] { lock.withLock { items.filter { $0.0 == stage }.compactMap(\.1) } }
}
