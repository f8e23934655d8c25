import Foundation
import Testing
@testable import QMatching
@testable import QProfiles

@Suite struct RecommenderTests {
    @Test func neverSuggestsSelfConnectedDismissedOrHidden() async throws {
        let fixture = try await CommunityFixture.make()
        let service = try await fixture.service()
        let visible = try await fixture.store.discoverableIDs()
        var members: [Member] = []
        try await fixture.store.forEachMember { members.append($0) }
        for member in members.prefix(40) {
            let connected = try await fixture.store.connectedIDs(of: member.id)
            let result = try await service.recommend(for: member.id, limit: 10)
            #expect(result.recommendations.count == 10, "k results whenever k eligible members exist")
            for item in result.recommendations {
                #expect(item.id != member.id && !connected.contains(item.id) && visible.contains(item.id))
                #expect(!item.reasons.isEmpty)
            }
            #expect(Set(result.recommendations.map(\.id)).count == result.recommendations.count)
        }
        // Dismissing removes a suggestion for good.
        let first = try await service.recommend(for: members[0].id, limit: 5).recommendations[0].id
        try await fixture.store.recordFeedback(member: members[0].id, other: first, action: .dismiss)
        let after = try await service.recommend(for: members[0].id, limit: 50)
        #expect(!after.recommendations.contains { $0.id == first })
    }

    @Test func suggestionsShownAndIgnoredSlowlyLoseRank() async throws {
        let fixture = try await CommunityFixture.make()
        let service = try await fixture.service()
        let id = fixture.index.ids[5]
        let before = try await service.recommend(for: id, limit: 10).recommendations
        let top = before[0]
        for _ in 0..<3 { try await fixture.store.recordFeedback(member: id, other: top.id, action: .shown) }
        let after = try await service.recommend(for: id, limit: 50).recommendations
        // Still suggested (ignoring is not dismissing), but lower, and lower again after more showings.
        let moved = try #require(after.firstIndex { $0.id == top.id })
        #expect(after[moved].score < top.score)
        for _ in 0..<5 { try await fixture.store.recordFeedback(member: id, other: top.id, action: .shown) }
        let later = try await service.recommend(for: id, limit: 50).recommendations
        let lower = try #require(later.firstIndex { $0.id == top.id })
        #expect(later[lower].score < after[moved].score && lower >= moved)
    }

    @Test func filtersKeepOnlyMatchingMembers() async throws {
        let fixture = try await CommunityFixture.make()
        let service = try await fixture.service()
        let id = fixture.index.ids[10]
        let result = try await service.recommend(for: id, limit: 10, filters: RecommendFilters(region: "Scotland"))
        #expect(!result.recommendations.isEmpty)
        for item in result.recommendations {
            #expect(try await fixture.store.member(item.id)?.region == "Scotland")
        }
        let byRole = try await service.recommend(for: id, limit: 5, filters: RecommendFilters(role: "nurse"))
        for item in byRole.recommendations { #expect(try await fixture.store.member(item.id)?.role == "nurse") }
    }

    @Test func coldStartWorksForNewThinAndUnconnectedMembers() async throws {
        let fixture = try await CommunityFixture.make()
        // A brand-new member, added after the build, with a profile but no connections: content suggestions.
        try await fixture.store.upsert(Member(id: "newcomer", topics: ["inpatient falls", "delirium"],
                                              challenge: "reducing inpatient falls"))
        let service = try await fixture.service()
        let fresh = try await service.recommend(for: "newcomer", limit: 5)
        #expect(fresh.recommendations.count == 5)
        // A member with connections but an empty profile: graph suggestions.
        let index = fixture.index
        let connectedRow = (0..<index.ids.count).first { index.graph.degree(of: $0) >= 3 }!
        var thin = try #require(try await fixture.store.member(index.ids[connectedRow]))
        thin.topics = []; thin.methods = []; thin.offers = []; thin.needs = []; thin.bio = ""; thin.challenge = ""
        thin.groups = []
        try await fixture.store.upsert(thin)
        let graphOnly = try await service.recommend(for: thin.id, limit: 5, explain: true)
        #expect(!graphOnly.recommendations.isEmpty)
        #expect(graphOnly.recommendations.allSatisfy { item in
            item.breakdown?.contains { ["common neighbours", "adamic-adar", "personalized pagerank", "resource allocation"]
                .contains($0.signal) } == true
        })
        await #expect(throws: MatchingError.self) { _ = try await service.recommend(for: "nobody", limit: 5) }
    }

    @Test func batchLinesFollowTheDesignFormat() async throws {
        let fixture = try await CommunityFixture.make(members: 120)
        let service = try await fixture.service()
        var text = ""
        try await service.recommendAll(rows: Array(0..<120), limit: 4) { lines, _ in text += lines }
        let lines = text.split(separator: "\n")
        #expect(lines.count == 120)
        struct Line: Decodable {
            struct Item: Decodable { let id: String; let score: Float; let reasons: [String] }
            let member: String
            let recommendations: [Item]
        }
        let visible = try await fixture.store.discoverableIDs()
        for line in lines {
            let decoded = try JSONDecoder().decode(Line.self, from: Data(line.utf8))
            #expect(decoded.recommendations.count <= 4)
            #expect(decoded.recommendations.allSatisfy { visible.contains($0.id) && $0.id != decoded.member })
        }
    }
}

@Suite struct BlendTests {
    /// A ward where ties cross roles: nurses connect with doctors and patients, never with each other.
    static func ward(seed: UInt64) -> (members: [Member], connections: [Connection]) {
        var rng = SeededRandom(seed: seed)
        let roles = ["nurse", "doctor", "patient"]
        let members = (0..<240).map { i in
            Member(id: String(format: "w%03d", i), topics: ["ward care"], attributes: ["role-on-ward": roles[i % 3]])
        }
        var connections: [Connection] = []
        var day = 0
        for i in 0..<240 {
            for _ in 0..<4 {
                var j = Int.random(in: 0..<240, using: &rng)
                while j % 3 == i % 3 { j = Int.random(in: 0..<240, using: &rng) }
                day += 1
                let date = String(format: "2020-%02d-%02d", 1 + (day / 28) % 12, 1 + day % 28)
                connections.append(Connection(members[i].id, members[j].id, created: date))
            }
        }
        return (members, connections)
    }

    @Test func fittedBlendLearnsWhichAttributePairsConnect() throws {
        let (members, connections) = Self.ward(seed: 11)
        let index = try MatchingIndex.build(members: members, connections: connections, dimension: 8)
        let blend = try #require(index.blend)
        let cross = blend.pairWeights[Int(BlendModel.bucket("attr:role-on-ward=nurse", "attr:role-on-ward=doctor"))]
        let same = blend.pairWeights[Int(BlendModel.bucket("attr:role-on-ward=nurse", "attr:role-on-ward=nurse"))]
        #expect(cross > same)
        // The fitted ranking suggests other roles; the default one (sameness-blind here) is not so sure.
        let recommender = Recommender(view: ServingView(index: index))
        var crossRole = 0, total = 0
        for row in 0..<30 {
            for candidate in recommender.recommend(row: row, limit: 5, rerank: false) {
                total += 1
                if candidate.row % 3 != row % 3 { crossRole += 1 }
            }
        }
        #expect(Double(crossRole) / Double(total) > 0.9)
    }

    @Test func tooLittleHistoryKeepsTheDefault() throws {
        let members = (0..<20).map { Member(id: "m\($0)", topics: ["x"]) }
        let index = try MatchingIndex.build(members: members, connections: [Connection("m1", "m2")], dimension: 4)
        #expect(index.blend == nil)
        #expect(Recommender(view: ServingView(index: index)).blend == .default)
    }

    @Test func temporalSplitHidesTheNewestPairs() {
        let connections = (0..<10).map { Connection("a\($0)", "b\($0)", created: "2020-01-\(String(format: "%02d", $0 + 1))") }
            + [Connection("a9", "b9", kind: "message", created: "2019-12-31")]
        let split = HistorySplit(connections, fraction: 0.2)
        #expect(split.mode == .temporal)
        #expect(split.hidden.map(\.0) == ["a7", "a8"])
        #expect(split.known.count == 9)  // both rows of pair a9-b9 (dated by its first tie) stay known
    }
}
