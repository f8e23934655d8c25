import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QMatchServer

/// The read routes' answers: shapes as the CLI's JSON, limits and filters honoured, hidden members in none.
@Suite struct ReadRouteTests {
    struct MemberBody: Decodable { let id: String; let name: String; let region: String; let discoverable: Bool; let topics: [String] }
    struct PathBody: Decodable { let from: String; let to: String; let hops: Int?; let paths: [[String]]; let totalCount: Int }

    @Test func memberIsTheStoredProfile() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            let member = try await client.request(.get, "/v1/members/\(cast.connected[0])").decode(MemberBody.self)
            #expect(member.id == cast.connected[0] && member.discoverable && !member.name.isEmpty)
            // Hidden: 404 to readers, the profile to the admin.
            #expect(try await client.request(.get, "/v1/members/\(cast.hidden)").status == .notFound)
            let hidden = try await client.request(.get, "/v1/members/\(cast.hidden)", token: testAdminToken)
            #expect(try hidden.decode(MemberBody.self).discoverable == false)
        }
        _ = directory
    }

    @Test func recommendationsAreRankedWithReasonsAndHonourLimitExplainAndFilters() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let app = try await buildApplication(arguments)
        let id = cast.connected[0]
        try await app.test(.router) { (client) async throws in
            let plain = try await client.request(.get, "/v1/members/\(id)/recommendations?limit=5").decode(Recommended.self)
            #expect(plain.member == id && plain.recommendations.count == 5)
            #expect(plain.recommendations.allSatisfy { !$0.reasons.isEmpty && $0.breakdown == nil && $0.id != id })
            #expect(!plain.recommendations.contains { $0.id == cast.hidden })
            let explained = try await client.request(.get, "/v1/members/\(id)/recommendations?limit=3&explain=true")
                .decode(Recommended.self)
            #expect(explained.recommendations.allSatisfy { !($0.breakdown ?? []).isEmpty })
            let region = try await client.request(.get, "/v1/members/\(id)").decode(MemberBody.self).region
            let encoded = region.replacingOccurrences(of: " ", with: "+")
            let filtered = try await client.request(.get, "/v1/members/\(id)/recommendations?limit=20&region=\(encoded)")
                .decode(Recommended.self)
            #expect(!filtered.recommendations.isEmpty)
            // A blank filter is no filter; an id with a ':' may come percent-encoded.
            let blank = try await client.request(.get, "/v1/members/\(id)/recommendations?limit=5&region=&role=+")
            #expect(try blank.decode(Recommended.self).recommendations.count == 5)
            for item in filtered.recommendations {
                let other = try await client.request(.get, "/v1/members/\(item.id)").decode(MemberBody.self)
                #expect(other.region == region)
            }
        }
        _ = directory
    }

    @Test func similarAndSearchRankVisibleMembersOnly() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            let id = cast.connected[0]
            let similar = try await client.request(.get, "/v1/members/\(id)/similar?limit=7").decode(Ranked.self)
            #expect(similar.results.count == 7 && similar.results.map(\.rank) == Array(1...7))
            #expect(!similar.results.contains { $0.id == id || $0.id == cast.hidden })
            #expect(zip(similar.results, similar.results.dropFirst()).allSatisfy { $0.score >= $1.score })
            // Search for the hidden member's own topics: never them.
            let hidden = try await client.request(.get, "/v1/members/\(cast.hidden)", token: testAdminToken)
                .decode(MemberBody.self)
            let words = hidden.topics.prefix(2).joined(separator: " ").replacingOccurrences(of: " ", with: "+")
            let found = try await client.request(.get, "/v1/search?q=\(words)&limit=50").decode(Ranked.self)
            #expect(!found.results.isEmpty && !found.results.contains { $0.id == cast.hidden })
            let none = try await client.request(.get, "/v1/search?q=zzzzqqq").decode(Ranked.self)
            #expect(none.results.isEmpty)
        }
        _ = directory
    }

    @Test func pathFindsTheIntroductionChains() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let app = try await buildApplication(arguments)
        let (a, b) = cast.twoHops
        try await app.test(.router) { (client) async throws in
            let path = try await client.request(.get, "/v1/members/\(a)/path/\(b)?limit=3").decode(PathBody.self)
            #expect(path.hops == 2 && !path.paths.isEmpty && path.paths.count <= 3 && path.totalCount >= path.paths.count)
            #expect(path.paths.allSatisfy { $0.first == a && $0.last == b && $0.count == 3 && !$0.contains(cast.hidden) })
            #expect(try await client.request(.get, "/v1/members/\(a)/path/\(cast.hidden)").status == .notFound)
        }
        _ = directory
    }
}

/// Recruiting through the server: the library's lists, with quotas reported.
@Suite struct RecruitRouteTests {
    struct RecruitBody: Decodable {
        struct Item: Decodable { let id: String; let reasons: [String] }
        struct Outcome: Decodable { let quota: String; let wanted: Int; let met: Int; let isMet: Bool }
        let group: String?
        let query: String?
        let recruits: [Item]
        let quotas: [Outcome]
    }

    @Test func recruitsForAGroupAndABriefMeetQuotas() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            let group = try await client.request(.get, "/v1/groups/\(cast.group)/recruits?limit=8&quota=nation=Wales:2")
                .decode(RecruitBody.self)
            #expect(group.group == cast.group && group.recruits.count == 8)
            #expect(group.quotas.count == 1 && group.quotas[0].wanted == 2)
            #expect(!group.recruits.contains { $0.id == cast.hidden })
            let brief = try await client.request(.post, "/v1/recruits",
                                                 json: #"{"text": "reducing inpatient falls", "keywords": ["delirium"], "limit": 4}"#)
                .decode(RecruitBody.self)
            #expect(brief.query == "reducing inpatient falls" && brief.recruits.count == 4)
            #expect(brief.recruits.allSatisfy { !$0.reasons.isEmpty })
            // An erased member is not recruited.
            let first = try #require(brief.recruits.first).id
            try await client.request(.delete, "/v1/members/\(first)", token: testAdminToken)
            let again = try await client.request(.post, "/v1/recruits", json: #"{"text": "reducing inpatient falls", "keywords": ["delirium"], "limit": 4}"#)
                .decode(RecruitBody.self)
            #expect(!again.recruits.contains { $0.id == first })
        }
        _ = directory
    }
}
