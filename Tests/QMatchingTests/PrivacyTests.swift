import Foundation
import Testing
@testable import QMatching
@testable import QProfiles

/// Over random communities: no member who is not discoverable, or who was erased after the build, ever
/// appears in any output — by id or by name — of recommend, batch, recruit, search, similar, reasons or paths.
@Suite struct PrivacyTests {
    @Test(arguments: [UInt64(21), 22, 23])
    func hiddenMembersNeverAppear(seed: UInt64) async throws {
        let fixture = try await CommunityFixture.make(members: 160, seed: seed, dimension: 16)
        var rng = SeededRandom(seed: seed)
        var members: [Member] = []
        try await fixture.store.forEachMember { members.append($0) }
        // Hide some more members now (after the build) and erase others.
        var hidden = Set(members.filter { !$0.discoverable }.map(\.id))
        for member in members where Int.random(in: 0..<10, using: &rng) == 0 {
            var copy = member
            copy.discoverable = false
            try await fixture.store.upsert(copy)
            hidden.insert(member.id)
        }
        for member in members where Int.random(in: 0..<15, using: &rng) == 0 {
            _ = try await fixture.store.erase(member.id)
            hidden.insert(member.id)
        }
        let hiddenNames = Set(members.filter { hidden.contains($0.id) }.map(\.name))
            .subtracting(members.filter { !hidden.contains($0.id) }.map(\.name))  // shared names are not leaks
        func check(_ text: String, _ context: String) {
            let tokens = Set(text.split(whereSeparator: { "\",[]{}: \n".contains($0) }).map(String.init))
            for id in hidden { #expect(!tokens.contains(id), "\(context) shows hidden member \(id)") }
            for name in hiddenNames { #expect(!text.contains("\"\(name)\"") && !text.contains(" \(name),") && !text.hasSuffix(" \(name)"),
                                              "\(context) names hidden member \(name)") }
        }
        // The check itself must catch a leak.
        if let planted = hidden.sorted().first {
            withKnownIssue { check("{\"id\":\"\(planted)\"}", "planted leak") }
        }
        func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }
        let service = try await fixture.service()
        let view = service.view
        let alive = members.filter { member in !hidden.contains(member.id) }
        for member in alive.prefix(25) {
            check(try json(try await service.recommend(for: member.id, limit: 10, explain: true)), "recommend")
            let similar = view.similar(to: try #require(view.row(of: member.id)), limit: 10).map { view.id(of: $0.row) }
            check(similar.joined(separator: " "), "similar")
        }
        var batch = ""
        try await service.recommendAll(rows: Array(0..<fixture.index.ids.count), limit: 5) { lines, _ in batch += lines }
        for line in batch.split(separator: "\n") {
            // The line's own member may be hidden (their own suggestions); the suggestions may not.
            let decoded = try JSONDecoder().decode(BatchDecoded.self, from: Data(line.utf8))
            check(try json(decoded.recommendations), "batch")
        }
        for query in ["falls", "sepsis and deterioration", "co-production with patients"] {
            check(view.search(query, limit: 20).map { view.id(of: $0.row) }.joined(separator: " "), "search")
            check(try json(try await SearchService(store: fixture.store, view: view).search(query, limit: 20)), "hybrid search")
        }
        let recruit = RecruitService(store: fixture.store, view: view)
        for group in try await fixture.store.groups().prefix(5) {
            check(try json(try await recruit.recruits(forGroup: group.id, limit: 10, quotas: [
                RecruitQuota(field: "nation", value: "Wales", count: 2)])), "recruit")
        }
        check(try json(try await recruit.recruits(forText: "peer support for staff", limit: 10)), "recruit by text")
        // Introduction paths go through visible members only.
        let graph = try await GraphBuilder().build(from: fixture.store)
        for (a, b) in zip(alive.prefix(15), alive.dropFirst(15).prefix(15)) {
            if let paths = try? graph.introductions(from: a.id, to: b.id) {
                check(try json(paths), "paths")
            }
        }
    }

    struct BatchDecoded: Decodable {
        struct Item: Codable { let id: String; let score: Float; let reasons: [String] }
        let member: String
        let recommendations: [Item]
    }
}
