import Foundation
import Testing
@testable import QMatching
@testable import QProfiles

/// The cheaper paths of one recommendation (issue 15) give the answers of the plain ones.
@Suite struct RecommendationCostTests {
    @Test func pooledScratchRanksAsAFreshOne() async throws {
        let fixture = try await CommunityFixture.make()
        let recommender = Recommender(view: try await fixture.view())
        // The same rows twice through the pool (its scratches carry state from query to query), against a
        // fresh scratch each time.
        for pass in 0..<2 {
            for row in stride(from: 0, to: fixture.index.ids.count, by: 7) {
                let pooled = recommender.recommend(row: row, limit: 10)
                let fresh = recommender.recommend(row: row, limit: 10, scratch: RankingScratch(nodeCount: fixture.index.ids.count))
                #expect(pooled.map(\.row) == fresh.map(\.row), "row \(row), pass \(pass)")
                #expect(pooled.map(\.score) == fresh.map(\.score))
            }
        }
    }

    @Test func askerStateReadsWhatTheSeparateQueriesRead() async throws {
        let fixture = try await CommunityFixture.make()
        let id = fixture.index.ids[3], other = fixture.index.ids[40]
        try await fixture.store.recordFeedback(member: id, other: other, action: .dismiss)
        try await fixture.store.recordFeedback(member: id, other: other, action: .shown)
        let state = try #require(try await fixture.store.askerState(id))
        #expect(state.connected == (try await fixture.store.connectedIDs(of: id)))
        #expect(state.feedback == (try await fixture.store.feedback(of: id)))
        #expect(state.isDiscoverable == (try await fixture.store.member(id))?.discoverable)
        #expect(try await fixture.store.askerState("no-such-member") == nil)
    }

    @Test func namesAreThoseOfDiscoverableMembersOnly() async throws {
        let fixture = try await CommunityFixture.make()
        let ids = Array(fixture.index.ids.prefix(30))
        let members = try await fixture.store.members(ids)
        let (names, groups) = try await fixture.store.discoverableNames(among: ids + ["no-such-member"],
                                                                        groups: ["no-such-group"])
        #expect(names == members.filter { $0.value.discoverable }.mapValues(\.name))
        #expect(groups.isEmpty)
    }

    @Test func hiddenAskerIsNotFoundWhenOnlyDiscoverableAsk() async throws {
        let fixture = try await CommunityFixture.make()
        let service = try await fixture.service()
        var members: [Member] = []
        try await fixture.store.forEachMember { members.append($0) }
        var hidden = members[1]
        hidden.discoverable = false
        try await fixture.store.upsert(hidden)
        let answer = try await service.recommend(for: hidden.id, limit: 5)
        #expect(!answer.askerIsDiscoverable)
        await #expect(throws: MatchingError.self) {
            try await service.recommend(for: hidden.id, limit: 5, discoverableOnly: true)
        }
    }
}
