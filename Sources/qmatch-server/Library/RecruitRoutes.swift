import Foundation
import Hummingbird
import QMatching
import QProfiles

/// Recruiting: `GET /v1/groups/{id}/recruits` (by fit and ties to the group's members) and `POST /v1/recruits`
/// (from a free-text brief, for a group still being founded), with quotas (`FIELD=VALUE:N`) met whenever they
/// can be. Recruits come from the serving index (members who joined since the build join at the next one).
struct RecruitRoutes: Sendable {
    let store: ProfileStore
    let state: ServingState
    let maxBodyBytes: Int

    static let limits = 1...200
    static let maximumQuotas = 20
    static let maximumKeywords = 50
    static let maximumBriefLength = 2000

    func register(on group: RouterGroup<ServerContext>) {
        group.get("groups/:id/recruits") { request, context in try await forGroup(request, context) }
        group.post("recruits") { request, _ in try await forBrief(request) }
    }

    func service() -> RecruitService { RecruitService(store: store, view: state.current.view) }

    func forGroup(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try context.pathID("id")
        let query = try QueryParameters(request, allowed: ["limit", "quota"], repeatable: ["quota"])
        let limit = try query.integer("limit", in: Self.limits, default: 10)
        let quotas = try Self.quotas(query.all("quota"))
        return try JSONResponse.make(try await service().recruits(forGroup: id, limit: limit, quotas: quotas))
    }

    func forBrief(_ request: Request) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let body = Data(try await request.body(limit: maxBodyBytes).readableBytesView)
        guard let object = try? JSONDecoder().decode([String: RawValue].self, from: body) else {
            throw HTTPError(.badRequest, message: "body: not a JSON object (expected {\"text\": \"...\", \"keywords\": "
                + "[...], \"quotas\": [\"region=Wales:2\"], \"limit\": 10})")
        }
        if let unknown = object.keys.sorted().first(where: { !["text", "keywords", "quotas", "limit"].contains($0) }) {
            throw HTTPError(.badRequest, message: "field '\(unknown.prefix(40))': unknown (expected text, keywords, "
                + "quotas, limit)")
        }
        guard case .string(let raw)? = object["text"] else {
            throw HTTPError(.badRequest, message: "field 'text': missing or not text (expected the group's brief)")
        }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= Self.maximumBriefLength else {
            throw HTTPError(.badRequest, message: "field 'text': \(text.count) characters (expected 1-"
                + "\(Self.maximumBriefLength))")
        }
        let keywords = try Self.strings(object["keywords"], "keywords", maximum: Self.maximumKeywords)
        let quotas = try Self.quotas(try Self.strings(object["quotas"], "quotas", maximum: Self.maximumQuotas))
        var limit = 10
        switch object["limit"] {
        case nil, .null?: break
        case .number(let number)? where number.rounded() == number && Self.limits.contains(Int(exactly: number) ?? 0):
            limit = Int(number)
        default:
            throw HTTPError(.badRequest, message: "field 'limit': expected a whole number \(Self.limits.lowerBound)..."
                + "\(Self.limits.upperBound)")
        }
        return try JSONResponse.make(try await service().recruits(forText: text, keywords: keywords, limit: limit,
                                                                   quotas: quotas))
    }

    /// A list of short strings from a JSON field (missing or null: none).
    static func strings(_ value: RawValue?, _ field: String, maximum: Int) throws -> [String] {
        switch value {
        case nil, .null?: return []
        case .list(let items)? where items.count <= maximum
            && items.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty && $0.count <= 200
                && !$0.contains(where: \.isNewline) }):
            return items.map { $0.trimmingCharacters(in: .whitespaces) }
        default:
            throw HTTPError(.badRequest, message: "field '\(field)': expected an array of at most \(maximum) "
                + "non-empty one-line strings of at most 200 characters")
        }
    }

    /// Quotas from `FIELD=VALUE:N` texts.
    /// - Throws: ``MatchingError`` (invalid input: 400) naming the quota that is wrong.
    static func quotas(_ texts: [String]) throws -> [RecruitQuota] {
        guard texts.count <= maximumQuotas else {
            throw HTTPError(.badRequest, message: "\(texts.count) quotas (expected at most \(maximumQuotas))")
        }
        return try texts.map { text in
            guard text.count <= 200, !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw HTTPError(.badRequest, message: "quota: expected FIELD=VALUE:N without control characters, "
                    + "at most 200 characters")
            }
            return try RecruitQuota(parsing: text)
        }
    }
}
