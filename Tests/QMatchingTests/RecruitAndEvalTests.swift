import Foundation
import Testing
@testable import QMatching
@testable import QProfiles

@Suite struct RecruitTests {
    @Test func recruitsAreNonMembersAndQuotasAreMetWhenTheyCanBe() async throws {
        let fixture = try await CommunityFixture.make(members: 400, seed: 8)
        let service = RecruitService(store: fixture.store, view: try await fixture.view())
        let group = try #require(try await fixture.store.groups().first { $0.kind == .sig })
        let members = Set(try await fixture.store.memberIDs(inGroup: group.id))
        let quotas = [RecruitQuota(field: "nation", value: "Wales", count: 2), RecruitQuota(field: "role", value: "patient-leader", count: 1)]
        let result = try await service.recruits(forGroup: group.id, limit: 8, quotas: quotas)
        #expect(result.recruits.count == 8)
        #expect(result.recruits.allSatisfy { !members.contains($0.id) })
        #expect(result.quotas.allSatisfy { $0.isMet })
        var wales = 0, patientLeaders = 0
        for item in result.recruits {
            let member = try #require(try await fixture.store.member(item.id))
            if Geography.nation(of: member) == "Wales" { wales += 1 }
            if member.role == "patient-leader" { patientLeaders += 1 }
        }
        #expect(wales >= 2 && patientLeaders >= 1)
        // Ordered by score.
        #expect(zip(result.recruits, result.recruits.dropFirst()).allSatisfy { $0.score >= $1.score })
        // An impossible quota is reported with its reason; the list still fills.
        let impossible = try await service.recruits(forGroup: group.id, limit: 5, quotas: [
            RecruitQuota(field: "sector", value: "no-such-sector", count: 1)])
        #expect(impossible.recruits.count == 5)
        #expect(impossible.quotas.first?.isMet == false)
        #expect(impossible.quotas.first?.reason?.contains("only 0 suitable members") == true)
        await #expect(throws: MatchingError.self) { _ = try await service.recruits(forGroup: "nope", limit: 5) }
    }

    @Test(arguments: ["region=Wales", "region:2", "=Wales:2", "region=Wales:0", "region=Wales:x"])
    func rejectsMalformedQuotas(_ text: String) {
        #expect(throws: MatchingError.self) { try RecruitQuota(parsing: text) }
    }

    @Test func parsesQuotas() throws {
        #expect(try RecruitQuota(parsing: "role=patient-leader:2") == RecruitQuota(field: "role", value: "patient-leader", count: 2))
    }
}

@Suite struct EvaluationTests {
    @Test func metricsMatchHandComputedValues() throws {
        // Two queries over six members; query 0's hidden ties are {2, 3}, query 1's is {5}.
        let members = (0..<6).map { Member(id: "e\($0)", sector: $0 < 3 ? "acute" : "academic", topics: ["x"]) }
        let index = try MatchingIndex.build(members: members, connections: [], dimension: 2, fitBlend: false)
        let row = Evaluation.score(.content, lists: [[2, 4, 3], [1, 4]], queries: [0, 1], hidden: [0: [2, 3], 1: [5]],
                                   index: index, k: 3)
        // Query 0: hits at ranks 1 and 3: recall 1, precision 2/3, DCG 1 + 1/log2(4) = 1.5, IDCG 1 + 1/log2(3).
        let ndcg0 = 1.5 / (1 + 1 / log2(3.0))
        #expect(abs(row.recall - 0.5) < 1e-9)
        #expect(abs(row.precision - (2.0 / 3.0) / 2) < 1e-9)
        #expect(abs(row.ndcg - ndcg0 / 2) < 1e-9)
        #expect(abs(row.mrr - 0.5) < 1e-9)
        // Suggestions: 2 (acute→acute), 4, 3 (acute→academic: cross), 1 (acute), 4 (acute→academic: cross).
        #expect(abs(row.crossBoundary - 3.0 / 5.0) < 1e-9)
        #expect(abs(row.coverage - 4.0 / 6.0) < 1e-9)
    }

    @Test func evaluationRunsEveryMethodOnAGeneratedCommunity() async throws {
        let fixture = try await CommunityFixture.make(members: 300, seed: 5)
        var members: [Member] = []
        try await fixture.store.forEachMember { members.append($0) }
        let report = try Evaluation.run(members: members, connections: try await fixture.store.connections(),
                                        mode: .temporal, fraction: 0.2, seed: 1, k: 10, dimension: 16)
        #expect(report.rows.map(\.method) == Evaluation.Method.allCases.map(\.rawValue))
        #expect(report.queries > 0 && report.holdout == "temporal")
        for row in report.rows {
            #expect((0...1).contains(row.recall) && (0...1).contains(row.ndcg) && (0...1).contains(row.coverage))
        }
    }
}
