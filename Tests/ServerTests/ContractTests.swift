import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QMatchServer

/// Every route answers every status the OpenAPI document promises for it, in the documented shape (the
/// `request` helper checks each response against the document), and the document promises nothing the
/// server never answers.
@Suite struct ContractTests {
    struct Case: Sendable {
        /// Served with a read token (so reads need one).
        var closed = false
        /// Served while another process holds the database's write lock (writes: 503).
        var busy = false
        let method: HTTPRequest.Method
        let uri: String
        var token: String? = nil
        var json: String? = nil
        let status: Int
        /// The documented path template.
        let template: String
    }

    static func cases(_ cast: SeededCommunity.Cast) -> [Case] {
        let member = cast.connected[0], other = cast.connected[1]
        let long = "/health?" + String(repeating: "x", count: 3000)
        var all: [Case] = []
        func add(_ method: HTTPRequest.Method, _ uri: String, _ template: String, token: String? = nil,
                 json: String? = nil, closed: Bool = false, _ status: Int) {
            all.append(Case(closed: closed, method: method, uri: uri, token: token, json: json, status: status,
                            template: template))
        }
        // Operations.
        for path in ["/health", "/metrics", "/openapi.json"] {
            add(.get, path, path, 200)
            add(.get, path + "?x=1", path, 400)
            add(.get, path + "?" + String(repeating: "x", count: 3000), path, 414)
        }
        // The metrics count hidden members: under a read token they need it.
        add(.get, "/metrics", "/metrics", closed: true, 401)
        add(.get, "/metrics", "/metrics", token: "wrong-token-0123456789", closed: true, 403)
        add(.get, "/metrics", "/metrics", token: testReadToken, closed: true, 200)
        add(.get, "/health", "/health", closed: true, 200)
        // Reads.
        let reads: [(String, String, String)] = [
            ("/v1/members/\(member)", "/v1/members/{id}", ""),
            ("/v1/members/\(member)/recommendations", "/v1/members/{id}/recommendations", "limit=0"),
            ("/v1/members/\(member)/similar", "/v1/members/{id}/similar", "limit=x"),
            ("/v1/members/\(member)/path/\(other)", "/v1/members/{id}/path/{other}", "limit=101"),
            ("/v1/search?q=falls", "/v1/search", "limit=-1"),
        ]
        for (uri, template, bad) in reads {
            let join = uri.contains("?") ? "&" : "?"
            add(.get, uri, template, 200)
            add(.get, uri + join + (bad.isEmpty ? "nope=1" : bad), template, 400)
            add(.get, uri, template, closed: true, 401)
            add(.get, uri, template, token: "wrong-token-0123456789", closed: true, 403)
            add(.get, uri, template, token: testReadToken, closed: true, 200)
            add(.get, uri + join + String(repeating: "y", count: 3000), template, 414)
            if template.contains("{id}") {
                add(.get, uri.replacingOccurrences(of: member, with: "no-such-member"), template, 404)
            }
        }
        add(.get, "/v1/members/bad!id", "/v1/members/{id}", 400)
        add(.get, "/v1/members/\(cast.hidden)", "/v1/members/{id}", 404)
        // Recruiting.
        let recruits = "/v1/groups/{id}/recruits"
        add(.get, "/v1/groups/\(cast.group)/recruits?limit=5&quota=region%3DWales:1&quota=sector=acute:1", recruits, 200)
        add(.get, "/v1/groups/\(cast.group)/recruits?limit=0", recruits, 400)
        add(.get, "/v1/groups/\(cast.group)/recruits?quota=wales", recruits, 400)
        add(.get, "/v1/groups/no-such-group/recruits", recruits, 404)
        add(.get, "/v1/groups/\(cast.group)/recruits", recruits, closed: true, 401)
        add(.get, "/v1/groups/\(cast.group)/recruits", recruits, token: "x", closed: true, 403)
        add(.get, "/v1/groups/g/recruits?" + String(repeating: "y", count: 3000), recruits, 414)
        add(.post, "/v1/recruits", "/v1/recruits", json: #"{"text": "falls prevention", "quotas": ["region=Wales:2"], "limit": 5}"#, 200)
        add(.post, "/v1/recruits", "/v1/recruits", json: "[", 400)
        add(.post, "/v1/recruits", "/v1/recruits", json: #"{"text": " "}"#, 400)
        add(.post, "/v1/recruits", "/v1/recruits", json: #"{"text": "falls", "limit": 201}"#, 400)
        add(.post, "/v1/recruits", "/v1/recruits", closed: true, 401)
        add(.post, "/v1/recruits", "/v1/recruits", token: "x", closed: true, 403)
        add(.post, "/v1/recruits", "/v1/recruits", json: String(repeating: " ", count: 70_000), 413)
        add(.post, "/v1/recruits?" + String(repeating: "y", count: 3000), "/v1/recruits", 414)
        // Writes.
        let admin = testAdminToken
        let memberTemplate = "/v1/members/{id}"
        add(.put, "/v1/members/new-member", memberTemplate, token: admin, json: #"{"name": "New", "topics": ["falls"]}"#, 201)
        add(.put, "/v1/members/\(member)", memberTemplate, token: admin, json: #"{"name": "Renamed"}"#, 200)
        add(.put, "/v1/members/x", memberTemplate, token: admin, json: #"{"topics": "not a list", "discoverable": 1}"#, 400)
        add(.put, "/v1/members/x", memberTemplate, token: admin, json: #"{"groups": ["no-such-group"]}"#, 422)
        add(.put, "/v1/members/x", memberTemplate, json: "{}", 401)
        add(.put, "/v1/members/x", memberTemplate, token: testReadToken, json: "{}", closed: true, 403)
        add(.put, "/v1/members/x", memberTemplate, token: admin, json: #"{"bio": ""# + String(repeating: "b", count: 70_000) + "\"}", 413)
        add(.put, "/v1/members/x?" + String(repeating: "y", count: 3000), memberTemplate, token: admin, json: "{}", 414)
        add(.delete, "/v1/members/\(other)", memberTemplate, token: admin, 204)
        add(.delete, "/v1/members/\(other)", memberTemplate, token: admin, 404)
        add(.delete, "/v1/members/bad!id", memberTemplate, token: admin, 400)
        add(.delete, "/v1/members/x", memberTemplate, 401)
        add(.delete, "/v1/members/x", memberTemplate, token: "wrong-token-0123456789", 403)
        add(.delete, "/v1/members/x?" + String(repeating: "y", count: 3000), memberTemplate, token: admin, 414)
        let feedback = "/v1/members/{id}/feedback"
        let third = cast.connected[2]
        add(.post, "/v1/members/\(member)/feedback", feedback, token: admin, json: #"{"other": "\#(third)", "action": "dismiss"}"#, 200)
        add(.post, "/v1/members/\(member)/feedback", feedback, token: admin, json: #"{"other": "\#(third)", "action": "liked"}"#, 400)
        add(.post, "/v1/members/\(member)/feedback", feedback, token: admin, json: #"{"other": "\#(member)", "action": "dismiss"}"#, 422)
        add(.post, "/v1/members/no-one/feedback", feedback, token: admin, json: #"{"other": "\#(third)", "action": "dismiss"}"#, 404)
        add(.post, "/v1/members/\(member)/feedback", feedback, json: "{}", 401)
        add(.post, "/v1/members/\(member)/feedback", feedback, token: "wrong-token-0123456789", json: "{}", 403)
        add(.post, "/v1/members/\(member)/feedback", feedback, token: admin, json: String(repeating: " ", count: 70_000), 413)
        add(.post, "/v1/members/\(member)/feedback?" + String(repeating: "y", count: 3000), feedback, token: admin, 414)
        let connections = "/v1/connections"
        add(.post, connections, connections, token: admin, json: #"{"source": "\#(member)", "target": "\#(third)", "kind": "event"}"#, 201)
        add(.post, connections, connections, token: admin, json: #"{"source": "\#(member)", "target": "\#(member)"}"#, 422)
        add(.post, connections, connections, token: admin, json: #"{"source": "\#(member)", "weight": 0}"#, 400)
        add(.post, connections, connections, token: admin, json: #"{"source": "\#(member)", "target": "nobody"}"#, 404)
        add(.post, connections, connections, json: "{}", 401)
        add(.post, connections, connections, token: testReadToken, json: "{}", closed: true, 403)
        add(.post, connections, connections, token: admin, json: String(repeating: " ", count: 70_000), 413)
        add(.post, connections + "?" + String(repeating: "y", count: 3000), connections, token: admin, 414)
        let rebuild = "/v1/admin/rebuild"
        add(.get, rebuild, rebuild, token: admin, 200)
        add(.post, rebuild, rebuild, token: admin, 202)
        for method in [HTTPRequest.Method.get, .post] {
            add(method, rebuild + "?now=1", rebuild, token: admin, 400)
            add(method, rebuild, rebuild, 401)
            add(method, rebuild, rebuild, token: testReadToken, closed: true, 403)
            add(method, rebuild + "?" + String(repeating: "y", count: 3000), rebuild, token: admin, 414)
        }
        // A store held by another process: writes answer 503 with Retry-After.
        for (method, uri, template, json) in [
            (HTTPRequest.Method.put, "/v1/members/late", memberTemplate, "{}"),
            (.delete, "/v1/members/\(member)", memberTemplate, nil),
            (.post, connections, connections, #"{"source": "\#(member)", "target": "\#(third)"}"#),
            (.post, "/v1/members/\(member)/feedback", feedback, #"{"other": "\#(third)", "action": "dismiss"}"#),
        ] {
            all.append(Case(busy: true, method: method, uri: uri, token: admin, json: json, status: 503, template: template))
        }
        _ = long
        return all
    }

    @Test func everyRouteAnswersEveryDocumentedStatusAsDocumented() async throws {
        let (openDirectory, open) = try await SeededCommunity.serve()
        let (closedDirectory, closed) = try await SeededCommunity.serve(readToken: testReadToken)
        var (busyDirectory, busy) = try await SeededCommunity.serve()
        busy.busyTimeout = 0.05
        let cast = try await SeededCommunity.cast(open.databasePath ?? "")
        let cases = Self.cases(cast)
        let openApp = try await buildApplication(open)
        let closedApp = try await buildApplication(closed)
        let busyApp = try await buildApplication(busy)
        let holder = try LockHolder(path: busy.databasePath ?? "")
        let covered = Set(cases.map { "\($0.method.rawValue) \($0.template) \($0.status)" })
        try await openApp.test(.router) { (openClient) async throws in
            try await busyApp.test(.router) { (busyClient) async throws in
                try await closedApp.test(.router) { (closedClient) async throws in
                    for item in cases {
                        let client: any TestClientProtocol = item.busy ? busyClient : item.closed ? closedClient : openClient
                        let response = try await client.request(item.method, item.uri, token: item.token, json: item.json)
                        #expect(Int(response.status.code) == item.status, "\(item.method) \(item.uri.prefix(80))")
                        if response.status.code >= 400 { #expect(response.errorStatus == item.status) }
                        if item.busy { #expect(response.headers[.retryAfter] == "1") }
                    }
                }
            }
        }
        holder.release()
        let documented = OpenAPISpec.shared.documentedResponses
        #expect(documented.subtracting(covered).sorted() == [], "documented but never answered")
        #expect(covered.subtracting(documented).sorted() == [], "answered but not documented")
        _ = (openDirectory, closedDirectory, busyDirectory)
    }

    @Test func everyDocumentedPathIsRoutedAndNothingElseIs() async throws {
        let app = try await buildApplication(TestArguments())
        try await app.test(.router) { (client) async throws in
            for (path, operations) in OpenAPISpec.shared.paths {
                let uri = path.replacingOccurrences(of: "{id}", with: "m1").replacingOccurrences(of: "{other}", with: "m2")
                for method in operations.keys {
                    let response = try await client.execute(uri: uri, method: HTTPRequest.Method(method.uppercased())!)
                    // An unrouted path is a 404 with "Not Found"; a routed one answers in its own words.
                    if response.status == .notFound {
                        #expect(response.errorStatus == 404)
                        #expect((try? response.decode(ErrorBody.self))?.error.message != "Not Found", "\(method) \(path)")
                    }
                }
            }
            let unrouted = try await client.execute(uri: "/v1/members", method: .get)
            #expect(unrouted.status == .notFound)
        }
    }
}
