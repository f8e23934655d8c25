import Foundation
import QGraph
import QProfiles
import Testing
@testable import QMatching

/// Every weight the store accepts (``Connection/weightLimits``) builds a graph, and so does the sum of a
/// pair's weights over every kind; the store refuses what the graph could not carry.
@Suite struct WeightLimitTests {
    @Test func theLargestAndSmallestAcceptedWeightsBuildAFiniteGraph() async throws {
        let store = try ProfileStore(path: nil)
        try await store.upsert(Group(id: "g", kind: .sig))
        for id in ["a", "b", "c"] { try await store.upsert(Member(id: id, groups: ["g"])) }
        let kinds = ["connection", "collaboration", "message", "event", "comment", "other-kind", "x1", "x2"]
        for kind in kinds {
            try await store.add(Connection("a", "b", kind: kind, weight: Connection.weightLimits.upperBound))
            try await store.add(Connection("a", "c", kind: kind, weight: Connection.weightLimits.lowerBound))
        }
        let snapshot = try await store.snapshot()
        let built = try GraphBuilder().build(members: snapshot.members.map {
            GraphBuilder.MemberFacts(id: $0.id, groups: $0.groups)
        }, connections: snapshot.connections)
        for weight in built.graph.weights { #expect(weight.isFinite && weight > 0) }
        #expect(built.graph.strengths.allSatisfy { $0.isFinite })
        let index = try MatchingIndex.build(members: snapshot.members, connections: snapshot.connections,
                                            dimension: 4, fitBlend: false, threads: 1)
        #expect(index.graph.weights.allSatisfy { $0.isFinite && $0 > 0 })
    }

    @Test(arguments: [1e39, Double(Float.greatestFiniteMagnitude), 1e-46])
    func whatTheGraphCannotCarryTheStoreRefuses(_ weight: Double) async throws {
        #expect(Connection.weightProblem(weight) != nil)
        let float = Float(weight)
        let graphRefuses = !(float.isFinite && float > 0) || !(float * 2).isFinite
        #expect(graphRefuses)
    }
}
