import Foundation
import Hummingbird
import HummingbirdTesting
import QProfiles
import Testing
@testable import QMatchServer

/// Writes take effect at once, before any rebuild: an upserted member is found and suggested (fold-in), and
/// a hidden or erased one is in no answer.
@Suite struct FoldInTests {
    static let newcomer = #"""
        {"name": "Nova Newcomer", "role": "nurse", "sector": "acute", "region": "Atlantis",
         "topics": ["inpatient falls", "strength and balance", "delirium"], "methods": ["pdsa cycles"],
         "offers": ["patient involvement"], "challenge": "reducing inpatient falls on older people's wards"}
        """#

    /// Hybrid search finds a member written through the server by their name and by a topic no build has
    /// seen, before any rebuild; once hidden, by neither.
    @Test func searchFindsANewcomerByNameAndByAnUnseenTopic() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            let body = #"{"name": "Xanthe Quillfeather", "topics": ["xylophone therapy"], "challenge": "music for wellbeing"}"#
            #expect(try await client.request(.put, "/v1/members/xq", token: testAdminToken, json: body).status == .created)
            for query in ["Xanthe+Quillfeather", "xylophone+therapy", "quillfeather"] {
                let found = try await client.request(.get, "/v1/search?q=\(query)&limit=5").decode(Ranked.self)
                #expect(found.results.first?.id == "xq", "search '\(query)'")
            }
            let hidden = #"{"name": "Xanthe Quillfeather", "topics": ["xylophone therapy"], "discoverable": false}"#
            #expect(try await client.request(.put, "/v1/members/xq", token: testAdminToken, json: hidden).status == .ok)
            for query in ["Xanthe+Quillfeather", "xylophone+therapy"] {
                let found = try await client.request(.get, "/v1/search?q=\(query)&limit=20").decode(Ranked.self)
                #expect(!found.results.contains { $0.id == "xq" }, "search '\(query)' after hiding")
            }
        }
        _ = directory
    }

    @Test func anUpsertedMemberIsSearchableSimilarAndRecommendableAtOnce() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            let created = try await client.request(.put, "/v1/members/nova", token: testAdminToken, json: Self.newcomer)
            #expect(created.status == .created)
            let found = try await client.request(.get, "/v1/search?q=inpatient+falls+strength+balance+delirium&limit=5")
                .decode(Ranked.self)
            #expect(found.results.first?.id == "nova")
            #expect(found.results.first?.reasons.isEmpty == false)
            // Someone with the same interests finds them similar.
            try await client.request(.put, "/v1/members/twin", token: testAdminToken, json: Self.newcomer)
            let similar = try await client.request(.get, "/v1/members/twin/similar?limit=3").decode(Ranked.self)
            #expect(similar.results.first?.id == "nova")
            // Suggested to an existing member (the region filter leaves only the newcomers).
            let suggested = try await client.request(.get, "/v1/members/\(cast.connected[0])/recommendations?region=Atlantis&explain=true")
                .decode(Recommended.self)
            #expect(Set(suggested.recommendations.map(\.id)) == ["nova", "twin"])
            #expect(suggested.recommendations.allSatisfy { !$0.reasons.isEmpty && $0.breakdown != nil })
            // And they get suggestions themselves.
            let theirs = try await client.request(.get, "/v1/members/nova/recommendations").decode(Recommended.self)
            #expect(!theirs.recommendations.isEmpty && !theirs.recommendations.contains { $0.id == "nova" })
            let updated = try await client.request(.put, "/v1/members/nova", token: testAdminToken,
                                                   json: #"{"name": "Nova", "topics": ["delirium"]}"#)
            #expect(updated.status == .ok)
            let health = try await client.request(.get, "/health").decode(HealthBody.self)
            #expect(health.index.folded == 2 && health.index.members == 300)
        }
        _ = directory
    }

    @Test func aMemberMadeUndiscoverableDisappearsAtOnce() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let app = try await buildApplication(arguments)
        let asker = cast.connected[0]
        try await app.test(.router) { (client) async throws in
            let before = try await client.request(.get, "/v1/members/\(asker)/recommendations?limit=5").decode(Recommended.self)
            let target = try #require(before.recommendations.first).id
            try await client.request(.put, "/v1/members/\(target)", token: testAdminToken,
                                     json: #"{"name": "Private", "discoverable": false}"#)
            #expect(try await client.request(.get, "/v1/members/\(target)").status == .notFound)
            let after = try await client.request(.get, "/v1/members/\(asker)/recommendations?limit=50").decode(Recommended.self)
            #expect(!after.recommendations.contains { $0.id == target })
            let similar = try await client.request(.get, "/v1/members/\(asker)/similar?limit=100").decode(Ranked.self)
            #expect(!similar.results.contains { $0.id == target })
        }
        _ = directory
    }

    @Test func anErasedMemberIsGoneFromEveryAnswerAndTheStore() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let app = try await buildApplication(arguments)
        let (a, b) = cast.twoHops
        try await app.test(.router) { (client) async throws in
            let path = try await client.request(.get, "/v1/members/\(a)/path/\(b)").decode(ReadRouteTests.PathBody.self)
            let middle = try #require(path.paths.first?[1])
            let profile = try await client.request(.get, "/v1/members/\(middle)").decode(ReadRouteTests.MemberBody.self)
            let query = profile.topics.prefix(3).joined(separator: " ").replacingOccurrences(of: " ", with: "+")
            #expect(try await client.request(.delete, "/v1/members/\(middle)", token: testAdminToken).status == .noContent)
            #expect(try await client.request(.get, "/v1/members/\(middle)", token: testAdminToken).status == .notFound)
            #expect(try await client.request(.get, "/v1/members/\(middle)/recommendations").status == .notFound)
            let after = try await client.request(.get, "/v1/members/\(a)/path/\(b)").decode(ReadRouteTests.PathBody.self)
            #expect(!after.paths.contains { $0.contains(middle) })
            let found = try await client.request(.get, "/v1/search?q=\(query)&limit=100").decode(Ranked.self)
            #expect(!found.results.contains { $0.id == middle })
            for asker in [a, b] {
                let suggested = try await client.request(.get, "/v1/members/\(asker)/recommendations?limit=100")
                    .decode(Recommended.self)
                #expect(!suggested.recommendations.contains { $0.id == middle })
                #expect(!suggested.recommendations.flatMap(\.reasons).contains { $0.contains(profile.name) })
            }
        }
        _ = directory
    }
}
