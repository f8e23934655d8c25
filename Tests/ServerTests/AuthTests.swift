import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QMatchServer

/// Bearer tokens: who may read, who may write, and how tokens are compared.
@Suite struct AuthTests {
    @Test func tokensCompareByContentAndLength() {
        let token = Array("s3cret-token-value".utf8)
        #expect(AccessPolicy.equal(token, token))
        #expect(!AccessPolicy.equal(Array("s3cret-token-valuX".utf8), token))
        #expect(!AccessPolicy.equal(Array("s3cret-token-valu".utf8), token))
        #expect(!AccessPolicy.equal(Array("s3cret-token-value!".utf8), token))
        #expect(!AccessPolicy.equal([], token))
    }

    @Test func writesNeedTheAdminTokenAndAreRefusedWithoutOne() async throws {
        let app = try await buildApplication(TestArguments(adminToken: testAdminToken, readToken: testReadToken))
        try await app.test(.router) { (client) async throws in
            let missing = try await client.request(.delete, "/v1/members/m1")
            #expect(missing.status == .unauthorized && missing.headers[.wwwAuthenticate] == "Bearer")
            #expect(try await client.request(.delete, "/v1/members/m1", token: testReadToken).status == .forbidden)
            #expect(try await client.request(.delete, "/v1/members/m1", token: "nearly-" + testAdminToken).status == .forbidden)
            #expect(try await client.request(.delete, "/v1/members/m1", token: testAdminToken).status == .notFound)
            let basic = try await client.execute(uri: "/v1/members/m1", method: .delete, headers: [.authorization: "Basic eDp5"])
            #expect(basic.status == .forbidden)
        }
        let readOnly = try await buildApplication(TestArguments())
        try await readOnly.test(.router) { (client) async throws in
            let refused = try await client.request(.put, "/v1/members/m1", token: "anything-at-all-here", json: "{}")
            #expect(refused.status == .forbidden)
            #expect(try refused.decode(ErrorBody.self).error.message.contains("no admin token"))
        }
    }

    @Test func readsAreOpenUnlessThereIsAReadToken() async throws {
        let open = try await buildApplication(TestArguments(adminToken: testAdminToken))
        try await open.test(.router) { (client) async throws in
            #expect(try await client.request(.get, "/v1/search?q=falls").status == .ok)
            #expect(try await client.request(.get, "/v1/search?q=falls", token: "wrong-token-0000000").status == .forbidden)
        }
        let closed = try await buildApplication(TestArguments(adminToken: testAdminToken, readToken: testReadToken))
        try await closed.test(.router) { (client) async throws in
            #expect(try await client.request(.get, "/v1/search?q=falls").status == .unauthorized)
            #expect(try await client.request(.get, "/v1/search?q=falls", token: testReadToken).status == .ok)
            #expect(try await client.request(.get, "/v1/search?q=falls", token: testAdminToken).status == .ok)
            // Health stays open for probes; the metrics count hidden members, so they need the token.
            #expect(try await client.request(.get, "/health").status == .ok)
            #expect(try await client.request(.get, "/metrics").status == .unauthorized)
            #expect(try await client.request(.get, "/metrics", token: testReadToken).status == .ok)
        }
    }
}
