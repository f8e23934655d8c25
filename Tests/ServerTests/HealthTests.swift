import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import QMatching
import QProfiles
@testable import QMatchServer

struct HealthBody: Decodable {
    struct IndexInfo: Decodable { let members: Int?; let generation: Int; let folded: Int? }
    let status: String
    let members: Int?
    let index: IndexInfo
}

@Suite struct HealthTests {
    @Test func healthReportsOKOnAnEmptyStore() async throws {
        let app = try await buildApplication(TestArguments())
        try await app.test(.router) { (client) async throws in
            let response = try await client.request(.get, "/health")
            #expect(response.status == .ok)
            let body = try response.decode(HealthBody.self)
            #expect(body.status == "ok" && body.members == 0 && body.index.members == 0 && body.index.folded == 0)
        }
    }

    @Test func healthCountsTheMembersOthersMaySee() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            let body = try await client.request(.get, "/health").decode(HealthBody.self)
            let shown = try #require(body.members)
            #expect(body.index.members == 300 && shown < 300 && shown > 250)
            #expect(body.index.generation == 1 && body.index.folded == 0)
        }
        _ = directory
    }

    /// The index's members less those shown is the number hidden: under a read token, only its holders learn it.
    @Test func countsThatRevealHiddenMembersNeedTheReadToken() async throws {
        let (directory, arguments) = try await SeededCommunity.serve(readToken: testReadToken)
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            let open = try await client.request(.get, "/health")
            #expect(open.status == .ok)
            let anonymous = try open.decode(HealthBody.self)
            #expect(anonymous.status == "ok" && anonymous.members == nil)
            #expect(anonymous.index.members == nil && anonymous.index.folded == nil && anonymous.index.generation == 1)
            let wrong = try await client.request(.get, "/health", token: "not-the-token-000000").decode(HealthBody.self)
            #expect(wrong.members == nil && wrong.index.members == nil)
            for token in [testReadToken, testAdminToken] {
                let counted = try await client.request(.get, "/health", token: token).decode(HealthBody.self)
                #expect(counted.index.members == 300 && (counted.members ?? 300) < 300)
            }
            let refused = try await client.request(.get, "/metrics")
            #expect(refused.status == .unauthorized && refused.headers[.wwwAuthenticate] == "Bearer")
            #expect(!String(buffer: refused.body).contains("qmatch_index_members"))
            #expect(try await client.request(.get, "/metrics", token: "not-the-token-000000").status == .forbidden)
            let metrics = try await client.request(.get, "/metrics", token: testReadToken)
            #expect(metrics.status == .ok && String(buffer: metrics.body).contains("qmatch_index_members "))
        }
        _ = directory
    }

    @Test func unknownRouteIsA404InTheErrorShape() async throws {
        let app = try await buildApplication(TestArguments())
        try await app.test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/v1/nothing-here", method: .get)
            #expect(response.status == .notFound)
            #expect(response.errorStatus == 404)
        }
    }

    @Test func metricsCountRequestsByRouteAndShowTheIndex() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(try #require(arguments.databasePath))
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            let empty = String(buffer: try await client.request(.get, "/metrics").body)
            #expect(empty.contains("qmatch_response_cache_entries 0"))
            try await client.request(.get, "/health")
            try await client.request(.get, "/v1/members/nobody")
            let asked = try await client.request(.get, "/v1/members/\(cast.connected[0])/recommendations")
            #expect(asked.status == .ok)
            let text = String(buffer: try await client.request(.get, "/metrics").body)
            #expect(text.contains("qmatch_response_cache_entries 1"))
            let cacheBytes = text.split(separator: "\n").first { $0.hasPrefix("qmatch_response_cache_size_bytes ") }
            #expect(cacheBytes.flatMap { Double($0.split(separator: " ")[1]) }.map { $0 > Double(asked.body.readableBytes) } == true)
            #expect(text.contains(#"qmatch_http_requests_total{route="/health",method="GET",status="200"} 1"#))
            #expect(text.contains(#"route="/v1/members/{id}",method="GET",status="404"} 1"#))
            #expect(text.contains("qmatch_http_request_duration_seconds_bucket"))
            #expect(text.contains("qmatch_index_members 300"))
            #expect(text.contains("qmatch_index_size_bytes"))
            #expect(text.contains("qmatch_index_age_seconds"))
        }
        _ = directory
    }

    @Test func openAPIDocumentIsServedAsInTheRepository() async throws {
        let app = try await buildApplication(TestArguments())
        try await app.test(.router) { (client) async throws in
            let response = try await client.request(.get, "/openapi.json")
            let served = Data(response.body.readableBytesView)
            #expect(served == FileManager.default.contents(atPath: OpenAPISpec.path))
            #expect(OpenAPISpec.shared.document["openapi"] as? String == "3.1.0")
        }
    }

    /// The answer's `blend` takes only documented values (a build whose cross-validation chose one graph signal,
    /// or the learned ranking, once answered a value the document did not list).
    @Test func everyBlendNameIsInTheDocument() throws {
        let schemas = try #require((OpenAPISpec.shared.document["components"] as? [String: Any])?["schemas"]
            as? [String: Any])
        let documented = schemas.values.compactMap { schema -> [String]? in
            ((schema as? [String: Any])?["properties"] as? [String: Any]).flatMap { ($0["blend"] as? [String: Any])?["enum"] as? [String] }
        }
        #expect(!documented.isEmpty)
        for values in documented { #expect(Set(values) == Set(Recommender.blendNames)) }
    }
}

/// The server has not moved to PostgreSQL yet: a URL is refused in words before anything starts.
@Suite struct ServerStoreTests {
    @Test func aPostgreSQLURLIsNotSupportedYet() async throws {
        let error = await #expect(throws: ProfileError.self) {
            _ = try await buildApplication(TestArguments(databasePath: "postgres://qmatch:s3cret@127.0.0.1:1/q"))
        }
        #expect(error?.isNotSupported == true)
        #expect(error?.description == "qmatch-server is not supported on PostgreSQL yet (use a SQLite database for it "
            + "for now)")
    }
}
