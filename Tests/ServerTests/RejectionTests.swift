import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QMatchServer

/// Every kind of bad input gets its 4xx in the error shape, with a message that says what was expected.
@Suite struct RejectionTests {
    struct Rejection: Sendable, CustomStringConvertible {
        let method: HTTPRequest.Method
        let uri: String
        var json: String? = nil
        let status: Int
        /// A fragment of the message.
        let says: String
        var description: String { "\(method) \(uri.prefix(60)) → \(status)" }
    }

    static let member = "m000002"
    static let rejections: [Rejection] = [
        .init(method: .get, uri: "/v1/members/\(member)/recommendations?limit=0", status: 400, says: "1...100"),
        .init(method: .get, uri: "/v1/members/\(member)/recommendations?limit=1e3", status: 400, says: "integer"),
        .init(method: .get, uri: "/v1/members/\(member)/recommendations?explain=maybe", status: 400, says: "boolean"),
        .init(method: .get, uri: "/v1/members/\(member)/recommendations?limit=2&limit=3", status: 400, says: "twice"),
        .init(method: .get, uri: "/v1/members/\(member)/recommendations?group=a%20b", status: 400, says: "group"),
        .init(method: .get, uri: "/v1/members/\(member)/recommendations?region=" + String(repeating: "r", count: 201),
              status: 400, says: "at most 200"),
        // Counted as the spec's maxLength counts: code points of the value as sent (blank or not).
        .init(method: .get, uri: "/v1/members/\(member)/recommendations?region=" + String(repeating: "e%CC%81", count: 101),
              status: 400, says: "202 characters long"),
        .init(method: .get, uri: "/v1/members/\(member)/recommendations?sector=" + String(repeating: "+", count: 201),
              status: 400, says: "at most 200"),
        .init(method: .get, uri: "/v1/groups/g1/recruits?quota=region=Wales:0", status: 400, says: "1...1000"),
        .init(method: .get, uri: "/v1/groups/g1/recruits?quota=region%3DWa%01les:2", status: 400, says: "control"),
        .init(method: .get, uri: "/v1/members/\(member)/recommendations?role=a%0Ab", status: 400, says: "control"),
        .init(method: .get, uri: "/v1/members/\(member)/similar?limt=3", status: 400, says: "unknown query parameter"),
        .init(method: .get, uri: "/v1/search", status: 400, says: "'q' is missing"),
        .init(method: .get, uri: "/v1/search?q=+++", status: 400, says: "empty"),
        .init(method: .get, uri: "/v1/search?q=%zz", status: 400, says: "form encoding"),
        .init(method: .get, uri: "/v1/search?q=" + String(repeating: "a", count: 501), status: 400, says: "at most 500"),
        .init(method: .get, uri: "/v1/members/" + String(repeating: "a", count: 65), status: 400, says: "1-64"),
        .init(method: .get, uri: "/v1/members/nobody/similar", status: 404, says: "no member 'nobody'"),
        .init(method: .put, uri: "/v1/members/new", json: "{bad json", status: 400, says: "JSON object"),
        .init(method: .put, uri: "/v1/members/new", json: "[1, 2]", status: 400, says: "JSON object"),
        .init(method: .put, uri: "/v1/members/new", json: #"{"joined": "2021-02-30"}"#, status: 400, says: "field 'joined'"),
        .init(method: .put, uri: "/v1/members/new", json: #"{"topics": ["a;b"]}"#, status: 400, says: "';'"),
        .init(method: .put, uri: "/v1/members/new", json: #"{"topics": ["a", " "]}"#, status: 400, says: "blank"),
        .init(method: .put, uri: "/v1/members/new", json: #"{"name": 42}"#, status: 400, says: "expected text"),
        .init(method: .put, uri: "/v1/members/new", json: #"{"discoverable": "yes"}"#, status: 400, says: "true or false"),
        .init(method: .put, uri: "/v1/members/new", json: #"{"nickname": "x"}"#, status: 400, says: "field 'nickname': unknown"),
        .init(method: .put, uri: "/v1/members/new", json: #"{"id": "other"}"#, status: 400, says: "does not match"),
        .init(method: .put, uri: "/v1/members/new", json: #"{"groups": ["no-such-group"]}"#, status: 422, says: "does not exist"),
        .init(method: .put, uri: "/v1/members/new", json: #"{"name": "a\nb"}"#, status: 400, says: "line break"),
        .init(method: .put, uri: "/v1/members/new", json: #"{"attributes": {"team": ["x"]}}"#, status: 400, says: "field 'team'"),
        .init(method: .put, uri: "/v1/members/new", json: #"{"attributes": {"name": "x"}}"#, status: 400, says: "attributes"),
        .init(method: .put, uri: "/v1/members/new", json: #"{"attributes": [1]}"#, status: 400, says: "not an object"),
        .init(method: .put, uri: "/v1/members/new", json: #"{"bio": ""# + String(repeating: "b", count: 20_001) + "\"}",
              status: 400, says: "at most 20000"),
        .init(method: .post, uri: "/v1/connections", json: #"{"source": "\#(member)", "target": "m000003", "weight": 0}"#,
              status: 400, says: "greater than 0"),
        .init(method: .post, uri: "/v1/connections", json: #"{"source": "\#(member)", "target": "m000003", "weight": "1"}"#,
              status: 400, says: "a number"),
        .init(method: .post, uri: "/v1/connections", json: #"{"source": "\#(member)"}"#, status: 400, says: "'target'"),
        .init(method: .post, uri: "/v1/connections", json: #"{"source": "\#(member)", "target": "m000003", "created": "yesterday"}"#,
              status: 400, says: "ISO 8601"),
        .init(method: .post, uri: "/v1/members/\(member)/feedback", json: #"{"other": "\#(member)", "action": "dismiss"}"#,
              status: 422, says: "itself"),
        .init(method: .post, uri: "/v1/connections", json: #"{"source": "\#(member)", "target": "\#(member)"}"#,
              status: 422, says: "the source itself"),
        .init(method: .post, uri: "/v1/members/\(member)/feedback", json: #"{"other": "m000003"}"#, status: 400, says: "action"),
        .init(method: .post, uri: "/v1/members/\(member)/feedback", json: #"{"other": "m000003", "action": "dismiss", "x": 1}"#,
              status: 400, says: "unknown"),
        .init(method: .post, uri: "/v1/members/\(member)/feedback", json: #"{"other": "nobody", "action": "dismiss"}"#,
              status: 404, says: "nobody"),
    ]

    @Test(arguments: rejections)
    func rejectsBadInput(_ rejection: Rejection) async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            let response = try await client.request(rejection.method, rejection.uri, token: testAdminToken, json: rejection.json)
            #expect(Int(response.status.code) == rejection.status)
            let body = try response.decode(ErrorBody.self)
            #expect(body.error.status == rejection.status)
            #expect(body.error.message.contains(rejection.says), "\(body.error.message)")
        }
        _ = directory
    }

    @Test func refusesBodiesAndTargetsOverTheLimits() async throws {
        let app = try await buildApplication(TestArguments(adminToken: testAdminToken, maxBodyBytes: 1024))
        try await app.test(.router) { (client) async throws in
            let big = "{\"bio\": \"" + String(repeating: "x", count: 2000) + "\"}"
            let tooLarge = try await client.request(.put, "/v1/members/m1", token: testAdminToken, json: big)
            #expect(tooLarge.status == .contentTooLarge && tooLarge.errorStatus == 413)
            let tooLong = try await client.request(.get, "/v1/search?q=" + String(repeating: "a", count: 3000))
            #expect(tooLong.status == .uriTooLong && tooLong.errorStatus == 414)
            let badLength = try await client.execute(uri: "/v1/connections", method: .post,
                                                     headers: [.authorization: "Bearer \(testAdminToken)",
                                                               .contentLength: "lots"])
            #expect(badLength.status.code < 500)
        }
    }

    @Test func anUnlistedMethodIsA405AndAnUnknownPathA404() async throws {
        let app = try await buildApplication(TestArguments(adminToken: testAdminToken))
        try await app.test(.router) { (client) async throws in
            let wrongMethod = try await client.execute(uri: "/health", method: .delete)
            #expect(wrongMethod.status == .methodNotAllowed && wrongMethod.errorStatus == 405)
            #expect(wrongMethod.headers[.allow] == "GET")
            let member = try await client.execute(uri: "/v1/members/m1", method: .post)
            #expect(member.status == .methodNotAllowed && member.headers[.allow] == "DELETE, GET, PUT")
            let unknown = try await client.execute(uri: "/v1/health", method: .delete)
            #expect(unknown.status == .notFound && unknown.errorStatus == 404)
            // Ids with ':' may come percent-encoded.
            let created = try await client.request(.put, "/v1/members/q%3A42", token: testAdminToken, json: #"{"name": "Q"}"#)
            #expect(created.status == .created)
            #expect(try await client.request(.get, "/v1/members/q:42").status == .ok)
        }
    }

    @Test func aRejectedWriteChangesNothing() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let app = try await buildApplication(arguments)
        try await app.test(.router) { (client) async throws in
            let before = try await client.request(.get, "/v1/members/\(Self.member)").body
            try await client.request(.put, "/v1/members/\(Self.member)", token: testAdminToken,
                                     json: #"{"name": "Changed", "groups": ["no-such-group"]}"#)
            #expect(try await client.request(.get, "/v1/members/\(Self.member)").body == before)
        }
        _ = directory
    }
}
