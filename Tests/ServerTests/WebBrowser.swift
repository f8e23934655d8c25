import Foundation
import Hummingbird
import HummingbirdTesting
import QSignIn
import Testing
@testable import QMatchServer

/// The secret the web tests sign links with.
let testSecret = try! LinkSecret(Array("test-secret-0123456789abcdef-0123456789".utf8))

/// A person at a browser in a route test: keeps the cookies the server sets and sends them back, and reads
/// pages (form tokens, the members listed).
final class WebBrowser: @unchecked Sendable {   // used by one test task at a time
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) { self.client = client }

    @discardableResult
    func get(_ uri: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestResponse {
        try await send(.get, uri, form: nil, sourceLocation: sourceLocation)
    }

    @discardableResult
    func post(_ uri: String, _ form: [String: String],
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestResponse {
        try await send(.post, uri, form: form, sourceLocation: sourceLocation)
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, form: [String: String]?,
              sourceLocation: SourceLocation) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            body = ByteBuffer(string: form.sorted { $0.key < $1.key }.map {
                "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
            }.joined(separator: "&"))
        }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || line.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else {
                cookies[String(pair[0])] = value
            }
        }
        // A page never fails with a 5xx for what a person sends.
        #expect(response.status.code < 500, "\(method) \(uri): \(response.status)", sourceLocation: sourceLocation)
        return response
    }

    /// Signs in as member `id` by a link, as a person does: open the link, press Continue.
    func signIn(member id: String, secret: LinkSecret = testSecret) async throws {
        let link = SignedLink(member: id, days: 1)
        let page = try await get("/signin?token=\(link.token(secret: secret))")
        #expect(page.status == .ok)
        let form = ["token": link.token(secret: secret), "csrf": page.field("csrf") ?? ""]
        let done = try await post("/signin", form)
        #expect(done.status == .seeOther && done.headers[.location] == "/me")
    }

    /// Signs in as an organiser with the admin token.
    func signInOrganiser(token: String = testAdminToken) async throws -> TestResponse {
        let page = try await get("/organiser/signin")
        return try await post("/organiser/signin", ["token": token, "csrf": page.field("csrf") ?? ""])
    }

    /// The CSRF token of the page last shown to this browser's session.
    func csrf(on uri: String = "/me") async throws -> String {
        try await get(uri).field("csrf") ?? ""
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The value of the first hidden field named `name`.
    func field(_ name: String) -> String? {
        let marker = "name=\"\(name)\" value=\""
        guard let start = text.range(of: marker) else { return nil }
        return String(text[start.upperBound...].prefix { $0 != "\"" })
    }

    /// The member ids listed (`data-member`), in order.
    var listed: [String] {
        text.components(separatedBy: "data-member=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }
}
