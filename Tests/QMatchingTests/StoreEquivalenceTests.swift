import Foundation
import StoreTesting
import Testing
@testable import QMatching
@testable import QPostgres
@testable import QProfiles

/// The same community in SQLite and in PostgreSQL, served from the same index: every answer is the same, to the
/// bit, before and after an erasure.
@Suite struct StoreEquivalenceTests {
    /// An answer with everything it says, comparable.
    struct Answer: Equatable, CustomStringConvertible {
        struct Item: Equatable { let id: String, name: String, score: Float, reasons: [String], parts: [String] }
        let member: String, blend: String, items: [Item], counted: [String], askerIsDiscoverable: Bool

        init(_ answer: MemberRecommendations) {
            member = answer.member
            blend = answer.blend
            items = answer.recommendations.map {
                Item(id: $0.id, name: $0.name, score: $0.score, reasons: $0.reasons,
                     parts: ($0.breakdown ?? []).map { "\($0.signal)=\($0.value.bitPattern)" })
            }
            counted = answer.counted
            askerIsDiscoverable = answer.askerIsDiscoverable
        }

        var description: String { "\(member): \(items.map(\.id))" }
    }

    /// One line of `recommend --all`, decoded.
    struct BatchLine: Decodable, Equatable {
        struct Item: Decodable, Equatable { let id: String, score: Float, reasons: [String] }
        let member: String
        let recommendations: [Item]
    }

    static func answers(_ service: RecommendationService, for ids: [MemberID]) async throws -> [Answer] {
        var answers: [Answer] = []
        for id in ids { answers.append(Answer(try await service.recommend(for: id, limit: 10, explain: true))) }
        return answers
    }

    static func batch(_ service: RecommendationService) async throws -> [BatchLine] {
        var text = ""
        try await service.recommendAll(rows: Array(0..<service.view.memberRows.count), limit: 5) { lines, _ in
            text += lines
        }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(BatchLine.self, from: Data($0.utf8)) }
    }

    @Test func recommendAnswersAreIdenticalOnSQLiteAndPostgreSQL() async throws {
        let directory = try Scratch()
        _ = try CommunityGenerator(members: 240, seed: 14).write(to: directory.path, format: .csv)
        // Feedback too: dismissals and suggestions shown change what is suggested.
        try """
            member,other,action,count,first_at,last_at
            m000001,m000002,dismiss,1,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z
            m000003,m000010,shown,3,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z
            m000010,m000011,dismiss,1,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z

            """.write(toFile: directory.file("feedback.csv"), atomically: true, encoding: .utf8)
        let sqlite = try ProfileStore(path: nil)
        _ = try await sqlite.importFiles(ImportSources(directory: directory.path))
        let index = try await MatchingIndex.build(from: sqlite, dimension: 32)
        try await TestPostgres.withDatabase { url in
            let postgres = try await ProfileStore.open(url, mustExist: true)
            _ = try await postgres.importFiles(ImportSources(directory: directory.path))
            // What a build reads is the same on both.
            let (a, b) = (try await sqlite.snapshot(), try await postgres.snapshot())
            #expect(a.members == b.members && a.groups == b.groups)
            #expect(a.connections == b.connections && a.feedback == b.feedback)
            #expect(try await MatchingIndex.build(from: postgres, dimension: 32).ids == index.ids)

            var ids = Array(index.ids.prefix(60))
            func services() async throws -> (RecommendationService, RecommendationService) {
                (RecommendationService(store: sqlite, view: try await ServingView.current(index: index, store: sqlite)),
                 RecommendationService(store: postgres, view: try await ServingView.current(index: index, store: postgres)))
            }
            var (onSQLite, onPostgres) = try await services()
            let before = try await Self.answers(onSQLite, for: ids)
            #expect(before.contains { !$0.items.isEmpty })
            #expect(before == (try await Self.answers(onPostgres, for: ids)))
            #expect(try await Self.batch(onSQLite) == (try await Self.batch(onPostgres)))

            // Erase the member suggested most often, on both: they leave every answer on both alike.
            var counts: [String: Int] = [:]
            for answer in before { for item in answer.items { counts[item.id, default: 0] += 1 } }
            let erased = try #require(counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key)
            let erasedOnSQLite = try await sqlite.erase(erased), erasedOnPostgres = try await postgres.erase(erased)
            #expect(erasedOnSQLite && erasedOnPostgres)
            ids.removeAll { $0 == erased }
            (onSQLite, onPostgres) = try await services()
            let after = try await Self.answers(onSQLite, for: ids)
            #expect(!after.contains { $0.items.contains { $0.id == erased } || $0.counted.contains(erased) })
            #expect(after == (try await Self.answers(onPostgres, for: ids)))
        }
    }
}
