import Foundation
import QGraph
import QProfiles
import Testing
@testable import QMatching

/// The member graph built from the store, and the privacy rules of its queries.
@Suite struct GraphBuilderTests {
    /// m1 … m6, m4 not discoverable; m1–m2 connection and collaboration, m2–m4 message, m4–m5 comment,
    /// m1–m3 event; a lab of m5 and m6.
    static func store() async throws -> ProfileStore {
        let store = try ProfileStore(path: nil)
        try await store.upsert(Group(id: "lab", kind: .lab))
        for index in 1...6 {
            try await store.upsert(Member(id: "m\(index)", sector: index % 2 == 0 ? "NHS" : "Charity",
                                          region: index <= 3 ? "Scotland" : "Wales",
                                          groups: index >= 5 ? ["lab"] : [], discoverable: index != 4))
        }
        try await store.add(Connection("m1", "m2"))
        try await store.add(Connection("m2", "m1", kind: "collaboration", weight: 0.5))
        try await store.add(Connection("m2", "m4", kind: "message"))
        try await store.add(Connection("m4", "m5", kind: "comment", weight: 2))
        try await store.add(Connection("m1", "m3", kind: "event"))
        return store
    }

    @Test func weighsKindsAndSharedGroups() async throws {
        let built = try await GraphBuilder().build(from: try await Self.store())
        #expect(built.ids == ["m1", "m2", "m3", "m4", "m5", "m6"])
        #expect(built.discoverable == [true, true, true, false, true, true])
        let graph = built.graph
        // connection 1 × 1 + collaboration 2 × 0.5 = 2.
        #expect(graph.weight(between: 0, and: 1) == 2)
        #expect(graph.weight(between: 1, and: 3) == 0.5)
        #expect(abs(Double(graph.weight(between: 3, and: 4) ?? 0) - 0.6) < 1e-6)
        #expect(graph.weight(between: 0, and: 2) == 0.5)
        // The lab of two: 0.5 / log2(3).
        #expect(abs(Double(graph.weight(between: 4, and: 5) ?? 0) - 0.5 / log2(3)) < 1e-6)
        #expect(built.nationNames == ["Scotland", "Wales"])
        #expect(built.nations == [0, 0, 0, 1, 1, 1])
    }

    @Test func bigGroupsAddBoundedTies() throws {
        let members = (0..<2_000).map { GraphBuilder.MemberFacts(id: String(format: "m%05d", $0), groups: ["sig"]) }
        var builder = GraphBuilder()
        builder.sampledTies = 10
        let built = try builder.build(members: members, connections: [])
        #expect(built.graph.edgeCount == 2_000 * 5)
        #expect((0..<2_000).allSatisfy { built.graph.degree(of: $0) == 10 })
        let again = try builder.build(members: members.reversed(), connections: [])
        #expect(again.graph.targets == built.graph.targets)
        builder.cliqueLimit = 2_000
        #expect(try builder.build(members: members, connections: []).graph.edgeCount == 2_000 * 1_999 / 2)
    }

    @Test func hiddenMembersNeverAppear() async throws {
        let built = try await GraphBuilder().build(from: try await Self.store())
        for method in GraphScoreMethod.allCases {
            let results = try built.scores(for: ["m1", "m4", "m5"], method: method, limit: 10).lists
            #expect(results.allSatisfy { list in list.allSatisfy { $0.id != "m4" } }, "\(method)")
            #expect(results[0].allSatisfy { !["m1", "m2", "m3"].contains($0.id) })
        }
        // m2 reaches m5 only through m4, who is hidden: no chain.
        #expect(try built.introductions(from: "m2", to: "m5").hops == nil)
        #expect(try built.introductions(from: "m3", to: "m2").paths == [["m3", "m1", "m2"]])
        // A hidden member cannot be the one reached, and looks exactly like an unknown one.
        let hidden = failure { () throws(GraphError) in _ = try built.introductions(from: "m1", to: "m4") }
        let unknown = failure { () throws(GraphError) in _ = try built.introductions(from: "m1", to: "zz") }
        #expect(hidden?.description == "unknown member 'm4' (no such id in the graph)")
        #expect(unknown?.description == "unknown member 'zz' (no such id in the graph)")
        let communities = try built.communities()
        #expect(built.visibleMembers(of: communities).joined().contains("m4") == false)
    }

    @Test func rejectsBadSettingsAndConnections() {
        var builder = GraphBuilder()
        builder.kindWeights["message"] = -1
        #expect(throws: GraphError.self) { try builder.build(members: [], connections: []) }
        #expect(throws: GraphError.self) {
            try GraphBuilder().build(members: [.init(id: "a")], connections: [Connection("a", "b")])
        }
        #expect(throws: GraphError.self) {
            try GraphBuilder().build(members: [.init(id: "a"), .init(id: "a")], connections: [])
        }
    }

    func failure(_ body: () throws(GraphError) -> Void) -> GraphError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }
}
