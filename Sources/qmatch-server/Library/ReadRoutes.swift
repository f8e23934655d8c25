import Foundation
import Hummingbird
import QMatching
import QProfiles

/// The read routes under `/v1`: members, recommendations, similar members, search, introduction paths
/// (recruiting: ``RecruitRoutes``).
/// Each decodes and checks its input, asks the library, and encodes the answer; members who are not
/// discoverable (or were erased) are in no answer, except to the admin token.
struct ReadRoutes: Sendable {
    let store: ProfileStore
    let state: ServingState
    let cache: ResponseCache

    func register(on group: RouterGroup<ServerContext>) {
        group.get("members/:id") { request, context in try await member(request, context) }
        group.get("members/:id/recommendations") { request, context in try await recommendations(request, context) }
        group.get("members/:id/similar") { request, context in try await similar(request, context) }
        group.get("members/:id/path/:other") { request, context in try await path(request, context) }
        group.get("search") { request, context in try await search(request, context) }
    }

    /// The member, when the caller may see them.
    /// - Throws: ``HTTPError`` 404 when there is no such member, or they are hidden from this caller (the same
    ///   message, so that the answer does not reveal them).
    func visibleMember(_ id: MemberID, _ context: ServerContext) async throws -> Member {
        guard let member = try await store.member(id), member.discoverable || context.isAdmin else {
            throw HTTPError(.notFound, message: "no member '\(id)'")
        }
        return member
    }

    func member(_ request: Request, _ context: ServerContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        return try JSONResponse.make(try await visibleMember(try context.pathID("id"), context))
    }

    func recommendations(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try context.pathID("id")
        let query = try QueryParameters(request, allowed: ["limit", "explain", "region", "sector", "role", "group"])
        let limit = try query.integer("limit", in: 1...100, default: 10)
        let explain = try query.boolean("explain", default: false)
        let filters = RecommendFilters(region: try query.text("region", emptyIsAbsent: true),
                                       sector: try query.text("sector", emptyIsAbsent: true),
                                       role: try query.text("role", emptyIsAbsent: true), group: try query.identifier("group"))
        let ask = RecommendationRequest(id: id, limit: limit, explain: explain, filters: filters)
        let view = state.current
        // Keyed by the write sequence, not the snapshot: a rebuild alone retires nothing (answers from the
        // previous snapshot turn stale with their lifetime), so that a swap does not leave every answer to compute.
        let key = "\(view.sequence)/" + ask.key
        if let (cached, isStale) = cache.entry(key) {
            // The asker and everyone named must still be discoverable (changes made outside the server).
            if try await store.discoverable(among: cached.ids).count == Set(cached.ids).count {
                if isStale, cache.beginRefresh(key) {
                    Task { [self] in
                        defer { cache.endRefresh(key) }
                        _ = try? await answer(ask, view: state.current, isAdmin: false)
                    }
                }
                return JSONResponse.make(body: cached.body)
            }
            cache.remove(key)
        }
        return JSONResponse.make(body: try await answer(ask, view: view, isAdmin: context.isAdmin))
    }

    /// Computes (and keeps, when the asker is discoverable) the answer to `ask` from `view`.
    /// - Throws: ``HTTPError`` 404 when the asker is unknown, or hidden from a caller who is not the admin.
    func answer(_ ask: RecommendationRequest, view: ServingView, isAdmin: Bool) async throws -> ByteBuffer {
        // Cheaper than reading the profile: the service reads it (and answers 404 when there is none).
        let askerVisible = try await store.discoverable(among: [ask.id]).contains(ask.id)
        guard askerVisible || isAdmin else { throw HTTPError(.notFound, message: "no member '\(ask.id)'") }
        let result = try await view.service(store).recommend(for: ask.id, limit: ask.limit, filters: ask.filters,
                                                             explain: ask.explain, folded: view.folded)
        let body = try JSONResponse.body(result)
        if askerVisible {
            let prefix = "\(view.sequence)/"
            cache.store(prefix + ask.key, cache.entry(body: body, ids: [ask.id] + result.recommendations.map(\.id)),
                        view: prefix)
        }
        return body
    }

    func similar(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try context.pathID("id")
        let limit = try QueryParameters(request, allowed: ["limit"]).integer("limit", in: 1...100, default: 10)
        let member = try await visibleMember(id, context)
        let view = state.current
        let model = view.snapshot.index.model
        let found = merged(view.contentMatcher.similar(to: member, limit: limit), view,
                           view.folded.nearest(to: model.vector(for: member), limit: limit, excluding: [id]), limit)
        let groupNames = try await store.groupNames()
        let results = try await ranked(found) { Reasons.between(member, and: $0, model: model, groupNames: groupNames) }
        return try JSONResponse.make(SimilarResponse(member: id, results: results))
    }

    func search(_ request: Request, _ context: ServerContext) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["q", "limit"])
        guard let text = try query.text("q", maximumLength: QueryParameters.maximumTextLength) else {
            throw HTTPError(.badRequest, message: "query parameter 'q' is missing (expected the text to search for)")
        }
        let limit = try query.integer("limit", in: 1...100, default: 10)
        let view = state.current
        let model = view.snapshot.index.model
        let found = merged(view.contentMatcher.search(text, limit: limit), view,
                           view.folded.nearest(to: model.vector(forText: text), limit: limit), limit)
        let results = try await ranked(found) { Reasons.matching(query: text, candidate: $0, model: model) }
        return try JSONResponse.make(SearchResponse(query: text, results: results))
    }

    func path(_ request: Request, _ context: ServerContext) async throws -> Response {
        let from = try context.pathID("id"), to = try context.pathID("other")
        let limit = try QueryParameters(request, allowed: ["limit"]).integer("limit", in: 1...100, default: 10)
        _ = try await visibleMember(from, context)
        _ = try await visibleMember(to, context)
        let found = state.current.matcher.introductions(from: from, to: to, limit: limit)
        return try JSONResponse.make(PathResponse(from: from, to: to, hops: found?.hops, paths: found?.paths ?? [],
                                                  totalCount: found?.totalCount ?? 0))
    }

    /// Index neighbours and folded members in one list by score (ties by id), at most `limit`.
    func merged(_ neighbours: [Neighbour], _ view: ServingView, _ folded: [(member: Member, score: Float)],
                _ limit: Int) -> [(id: MemberID, score: Float)] {
        let ids = view.snapshot.index.ids
        let all = neighbours.map { (id: ids[$0.row], score: $0.score) } + folded.map { (id: $0.member.id, score: $0.score) }
        guard !folded.isEmpty else { return all }
        return Array(all.sorted { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }.prefix(limit))
    }

    /// The members behind `found`, as they are in the store now (gone or hidden ones dropped), with reasons.
    func ranked(_ found: [(id: MemberID, score: Float)],
                reasons: (Member) -> [String]) async throws -> [RankedMember] {
        let members = try await store.members(found.map(\.id))
        var results: [RankedMember] = []
        for (id, score) in found {
            guard let candidate = members[id], candidate.discoverable else { continue }
            results.append(RankedMember(rank: results.count + 1, id: id, name: candidate.name, score: score,
                                        reasons: reasons(candidate)))
        }
        return results
    }
}

/// What a recommendations request asks for, and its key among kept answers.
struct RecommendationRequest: Sendable {
    let id: MemberID
    let limit: Int
    let explain: Bool
    let filters: RecommendFilters

    var key: String {
        [id, "\(limit)", "\(explain)", filters.region ?? "", filters.sector ?? "", filters.role ?? "", filters.group ?? ""]
            .joined(separator: "\u{1}")
    }
}
