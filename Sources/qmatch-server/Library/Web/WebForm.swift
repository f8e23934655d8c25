import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body or query: name → values, in order.
struct WebForm: Sendable {
    private(set) var fields: [String: [String]] = [:]

    /// Parses `text` (`a=1&b=two+words`).
    /// - Throws: ``HTTPError`` 400 on percent-encoding that is not valid UTF-8.
    init(_ text: Substring) throws {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw HTTPError(.badRequest, message: "the form is not valid percent-encoded UTF-8")
            }
            fields[name, default: []].append(value)
        }
    }

    /// The form of a request's body (at most `limit` bytes).
    static func body(of request: Request, limit: Int) async throws -> WebForm {
        let buffer = try await request.body(limit: limit)
        return try WebForm(Substring(String(decoding: buffer.readableBytesView, as: UTF8.self)))
    }

    /// The form of a request's query.
    static func query(of request: Request) throws -> WebForm {
        try WebForm(Substring(request.uri.query ?? ""))
    }

    static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The first value of `name`, trimmed; nil when missing or empty.
    subscript(_ name: String) -> String? {
        guard let value = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// Every value of `name`.
    func all(_ name: String) -> [String] { fields[name] ?? [] }
}
