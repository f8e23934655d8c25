import Foundation
import Testing
@testable import QMatching
@testable import QProfiles

/// Pairing rounds, teams and groups to join on a generated community (its coffee opt-in group).
@Suite(.serialized) struct ProgrammeTests {
    static func pairs(_ round: RoundView) -> Set<[MemberID]> {
        var result = Set<[MemberID]>()
        for group in round.groups {
            let ids = group.members.map(\.id).sorted()
            for i in ids.indices { for j in ids.indices where i < j { result.insert([ids[i], ids[j]]) } }
        }
        return result
    }

    @Test func roundsPlaceEveryoneNeverRepeatAndKeepTheRules() async throws {
        let fixture = try await CommunityFixture.make(members: 300, seed: 4)
        let store = fixture.store
        var pool = try await store.discoverableMembers(ofGroup: "q-coffee")
        #expect(pool.count >= 20)
        // One participant erased, one dismissal between two others.
        let erased = pool.removeLast()
        _ = try await store.erase(erased)
        try await store.recordFeedback(member: pool[0], other: pool[1], action: .dismiss)
        if pool.count % 2 == 0 { _ = try await store.erase(pool.removeLast()) }   // an odd pool: one three a round
        let connected = Set(try await store.connections().map { [$0.source, $0.target].sorted() })
        let service = RoundService(store: store, view: try await fixture.view())
        var seen = Set<[MemberID]>()
        var lastThree = Set<MemberID>()
        for month in 1...5 {
            let round = try await service.create(RoundRequest(name: "coffee-\(month)", group: "q-coffee", mix: [.nation], seed: 7))
            let placed = round.groups.flatMap { $0.members.map(\.id) }
            #expect(placed.sorted() == pool.sorted(), "everyone placed once, nobody else (month \(month))")
            #expect(!placed.contains(erased))
            #expect(round.unplaced.isEmpty)
            let threes = round.groups.filter { $0.members.count == 3 }
            #expect(threes.count == 1 && round.groups.allSatisfy { (2...3).contains($0.members.count) })
            let three = Set(threes.flatMap { $0.members.map(\.id) })
            #expect(three.isDisjoint(with: lastThree), "nobody in a three twice running")
            lastThree = three
            let pairs = Self.pairs(round)
            #expect(pairs.isDisjoint(with: connected))
            #expect(!pairs.contains([pool[0], pool[1]].sorted()))
            #expect(round.repeatedPairs == 0 && pairs.isDisjoint(with: seen), "no pair again (month \(month))")
            seen.formUnion(pairs)
            #expect(round.groups.allSatisfy { !$0.reasons.isEmpty })
        }
        #expect(try await store.rounds().count == 5)
    }

    @Test func theMatchingIsExactOnTheCandidatePairs() async throws {
        let fixture = try await CommunityFixture.make(members: 200, seed: 5)
        let service = RoundService(store: fixture.store, view: try await fixture.view())
        let ids = Array(try await fixture.store.discoverableIDs().sorted().prefix(14))
        let (plan, _) = try await service.plan(RoundRequest(name: "exact", members: ids))
        // Exhaustive search over the same candidate pairs.
        var weight: [[Double?]] = Array(repeating: Array(repeating: nil, count: 14), count: 14)
        let index = Dictionary(uniqueKeysWithValues: plan.candidatePairs.flatMap { [$0.a, $0.b] }.reduce(into: [Int]()) {
            if !$0.contains($1) { $0.append($1) } }.sorted().enumerated().map { ($1, $0) })
        for pair in plan.candidatePairs { weight[index[pair.a]!][index[pair.b]!] = pair.weight; weight[index[pair.b]!][index[pair.a]!] = pair.weight }
        func best(_ used: UInt32, _ n: Int) -> (Int, Double) {
            guard let v = (0..<n).first(where: { used & (1 << $0) == 0 }) else { return (0, 0) }
            var result = best(used | (1 << v), n)
            for w in (v + 1)..<n where used & (1 << w) == 0 {
                guard let x = weight[v][w] else { continue }
                let rest = best(used | (1 << v) | (1 << w), n)
                if (rest.0 + 1, rest.1 + x) > result { result = (rest.0 + 1, rest.1 + x) }
            }
            return result
        }
        let optimum = best(0, index.count)
        #expect(plan.groups.count == optimum.0)
        #expect(abs(plan.matchingWeight - optimum.1) < 1e-6)
    }

    @Test func roundRejectionsChangeNothing() async throws {
        let fixture = try await CommunityFixture.make(members: 200, seed: 6)
        let store = fixture.store
        let service = RoundService(store: store, view: try await fixture.view())
        let someone = try #require(try await store.discoverableIDs().sorted().first)
        await #expect(throws: ProfileError.self) { _ = try await service.create(RoundRequest(name: "x", group: "q-cofee")) }
        do {
            _ = try await service.create(RoundRequest(name: "x", group: "q-cofee"))
        } catch let error as ProfileError {
            #expect(error.description.contains("did you mean q-coffee"))
        }
        await #expect(throws: MatchingError.self) { _ = try await service.create(RoundRequest(name: "x", members: [someone])) }
        await #expect(throws: MatchingError.self) { _ = try await service.create(RoundRequest(name: "x", group: "q-coffee", size: 5)) }
        await #expect(throws: ProfileError.self) { _ = try await service.create(RoundRequest(name: "x", members: [someone, "nobody"])) }
        await #expect(throws: ProfileError.self) { _ = try await service.show(1) }
        #expect(try await store.rounds().isEmpty)
        // Outcomes: only for two members of one group; `met` becomes a coffee tie.
        let round = try await service.create(RoundRequest(name: "ok", group: "q-coffee"))
        let pair = round.groups[0].members.map(\.id), other = round.groups[1].members[0].id
        await #expect(throws: ProfileError.self) { try await store.recordOutcome(round: round.id, pair[0], other, met: true) }
        await #expect(throws: ProfileError.self) { try await store.recordOutcome(round: 99, pair[0], pair[1], met: true) }
        #expect(try await store.connections().filter { $0.kind == "coffee" }.isEmpty)
        try await store.recordOutcome(round: round.id, pair[0], pair[1], met: true)
        #expect(try await store.connections().filter { $0.kind == "coffee" }.count == 1)
        #expect(try await store.round(round.id).outcomes.map(\.outcome) == ["met"])
    }

    @Test func teamsRespectSizesPairsAndBeatTheBaselines() async throws {
        let fixture = try await CommunityFixture.make(members: 300, seed: 7)
        let service = TeamService(store: fixture.store, view: try await fixture.view())
        let pool = try await fixture.store.discoverableMembers(ofGroup: "q-coffee")
        let result = try await service.plan(TeamRequest(
            group: "q-coffee", minSize: 5, maxSize: 6, cover: ["falls", "sepsis", "frailty"], spread: [.nation, .sector, .role],
            together: [[pool[0], pool[1]]], apart: [[pool[2], pool[3]]], seed: 3))
        #expect(result.teams.allSatisfy { (5...6).contains($0.members.count) })
        #expect(result.teams.flatMap { $0.members.map(\.id) }.sorted() == pool.sorted())
        let teamOf = Dictionary(uniqueKeysWithValues: result.teams.flatMap { team in team.members.map { ($0.id, team.number) } })
        #expect(teamOf[pool[0]] == teamOf[pool[1]])
        #expect(teamOf[pool[2]] != teamOf[pool[3]])
        let methods = Dictionary(uniqueKeysWithValues: result.methods.map { ($0.method, $0) })
        let optimised = try #require(methods["optimised"]), greedy = try #require(methods["greedy"]), random = try #require(methods["random"])
        #expect(optimised.objective >= greedy.objective && optimised.objective > random.objective)
        #expect(optimised.brokenRules == 0)
    }

    @Test func teamRejections() async throws {
        let fixture = try await CommunityFixture.make(members: 200, seed: 8)
        let service = TeamService(store: fixture.store, view: try await fixture.view())
        let pool = try await fixture.store.discoverableMembers(ofGroup: "q-coffee")
        let outsider = try #require(try await fixture.store.discoverableIDs().subtracting(pool).sorted().first)
        let bad: [TeamRequest] = [
            TeamRequest(group: "q-coffee", minSize: pool.count + 1, maxSize: pool.count + 2),
            TeamRequest(group: "q-coffee", teams: pool.count + 1),
            TeamRequest(group: "q-coffee", minSize: 4, maxSize: 5, together: [[pool[0], pool[1]]], apart: [[pool[0], pool[1]]]),
            TeamRequest(group: "q-coffee", minSize: 4, maxSize: 5, together: [[pool[0], pool[1]], [pool[1], pool[2]]],
                        apart: [[pool[0], pool[2]]]),
            TeamRequest(group: "q-coffee", minSize: 2, maxSize: 2, together: [[pool[0], pool[1]], [pool[1], pool[2]]]),
            TeamRequest(group: "q-coffee", minSize: 4, maxSize: 5, together: [[pool[0], outsider]]),
            TeamRequest(group: "q-coffee"),
        ]
        for request in bad {
            await #expect(throws: MatchingError.self) { _ = try await service.plan(request) }
        }
        await #expect(throws: ProfileError.self) { _ = try await service.plan(TeamRequest(group: "nope", teams: 2)) }
    }

    @Test func groupsToJoinNeverIncludeTheMembersOwn() async throws {
        let fixture = try await CommunityFixture.make(members: 300, seed: 9)
        let service = GroupsForService(store: fixture.store, view: try await fixture.view())
        for id in try await fixture.store.discoverableIDs().sorted().prefix(20) {
            let member = try #require(try await fixture.store.member(id))
            let result = try await service.suggestions(for: id, limit: 10)
            #expect(result.groups.allSatisfy { !member.groups.contains($0.id) && ["sig", "exchange", "lab"].contains($0.kind) })
            #expect(zip(result.groups, result.groups.dropFirst()).allSatisfy { $0.score >= $1.score })
        }
        let snapshot = try await fixture.store.snapshot()
        let report = try GroupEvaluation.run(members: snapshot.members, groups: snapshot.groups,
                                             connections: snapshot.connections, seed: 2, dimension: 32)
        #expect(report.rows.map(\.method) == ["groups-for", "popularity", "content"])
        #expect(report.rows.allSatisfy { (0...1).contains($0.ndcg) } && report.members > 0)
    }
}
