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
        let cache = state.cache
        // Not keyed by the view: a write retires the kept answers it can change, and a rebuild alone retires
        // nothing (answers from the previous snapshot turn stale with their lifetime).
        if let (cached, isStale) = cache.entry(ask.key) {
            // Everyone named or counted, and the asker, must still be discoverable (changes made outside the server).
            if try await store.discoverable(among: cached.ids).count == Set(cached.ids).count {
                if isStale, cache.beginRefresh(ask.key) {
                    Task { [self] in
                        defer { cache.endRefresh(ask.key) }
                        _ = try? await answer(ask, isAdmin: false)
                    }
                }
                return JSONResponse.make(body: cached.body)
            }
            cache.remove(ask.key)
        }
        return JSONResponse.make(body: try await answer(ask, isAdmin: context.isAdmin))
    }

    /// Computes (and keeps, when the asker is discoverable) the answer to `ask` from the current view.
    /// - Throws: ``HTTPError`` 404 when the asker is unknown, or hidden from a caller who is not the admin.
    func answer(_ ask: RecommendationRequest, isAdmin: Bool) async throws -> ByteBuffer {
        // Before reading the view or the store: a write made from here on keeps this answer out of the cache.
        let ticket = state.cache.ticket()
        let view = state.current
        // The service reads whether the asker may be seen with the rest of their state, and answers 404 for a
        // hidden asker unless the admin asks.
        let result = try await view.recommendations(store).recommend(for: ask.id, limit: ask.limit, filters: ask.filters,
                                                                     explain: ask.explain, discoverableOnly: !isAdmin)
        let body = try JSONResponse.body(result)
        if result.askerIsDiscoverable {
            let ids = [ask.id] + result.recommendations.map(\.id) + result.counted
            state.cache.store(ask.key, state.cache.entry(body: body, ids: ids), ticket: ticket)
        }
        return body
    }

    func similar(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try context.pathID("id")
        let limit = try QueryParameters(request, allowed: ["limit"]).integer("limit", in: 1...100, default: 10)
        let member = try await visibleMember(id, context)
        return try JSONResponse.make(SimilarResponse(member: id, results: try await similar(to: member, limit: limit)))
    }

    /// The members most like `member` in content (whom the caller was allowed to ask about), with reasons;
    /// only members discoverable now.
    func similar(to member: Member, limit: Int) async throws -> [RankedMember] {
        let view = current(including: member)
        guard let row = view.row(of: member.id) else { throw HTTPError(.notFound, message: "no member '\(member.id)'") }
        let found = view.similar(to: row, limit: limit)
        let names = try await discoverableNames(found.map { view.id(of: $0.row) })
        let reasons = Reasons(view: view, groupNames: try await store.groupNames(), names: names)
        return found.filter { names[view.id(of: $0.row)] != nil }.enumerated().map { rank, neighbour in
            RankedMember(rank: rank + 1, id: view.id(of: neighbour.row), name: names[view.id(of: neighbour.row)] ?? "",
                         score: neighbour.score, reasons: reasons.between(row, and: neighbour.row))
        }
    }

    func search(_ request: Request, _ context: ServerContext) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["q", "limit"])
        guard let text = try query.text("q", maximumLength: QueryParameters.maximumTextLength) else {
            throw HTTPError(.badRequest, message: "query parameter 'q' is missing (expected the text to search for)")
        }
        let limit = try query.integer("limit", in: 1...100, default: 10)
        let found = try await SearchService(store: store, view: state.current.view).search(text, limit: limit)
        return try JSONResponse.make(SearchResponse(query: text, results: found.map {
            RankedMember(rank: $0.rank, id: $0.id, name: $0.name, score: $0.score, reasons: $0.reasons)
        }))
    }

    func path(_ request: Request, _ context: ServerContext) async throws -> Response {
        let from = try context.pathID("id"), to = try context.pathID("other")
        let limit = try QueryParameters(request, allowed: ["limit"]).integer("limit", in: 1...100, default: 10)
        _ = try await visibleMember(from, context)
        _ = try await visibleMember(to, context)
        return try JSONResponse.make(try await introductions(from: from, to: to, limit: limit))
    }

    /// The shortest chains of ties from `from` to `to` through members discoverable now (both ends already
    /// checked as the caller may see them).
    func introductions(from: MemberID, to: MemberID, limit: Int) async throws -> PathResponse {
        let view = state.current.view
        guard let a = view.row(of: from), let b = view.row(of: to),
              let found = view.introductions(from: a, to: b, limit: limit) else {
            return PathResponse(from: from, to: to, hops: nil, paths: [], totalCount: 0)
        }
        // The members in between must be discoverable in the store now (a change made elsewhere).
        let middles = Set(found.paths.flatMap { $0.dropFirst().dropLast() })
        let shown = try await store.discoverable(among: Array(middles))
        let paths = found.paths.filter { $0.dropFirst().dropLast().allSatisfy(shown.contains) }
        return PathResponse(
            from: from, to: to, hops: paths.isEmpty && found.hops != 1 ? nil : found.hops, paths: paths,
            totalCount: found.totalCount - (found.paths.count - paths.count))
    }

    /// The serving view, with `member` folded in when it lacks them (added by another process since).
    func current(including member: Member) -> ServingView {
        let view = state.current.view
        return view.row(of: member.id) == nil ? view.upserting(member) : view
    }

    /// The names of those of `ids` who are discoverable in the store now.
    func discoverableNames(_ ids: [MemberID]) async throws -> [MemberID: String] {
        var names: [MemberID: String] = [:]
        for (id, person) in try await store.members(ids) where person.discoverable { names[id] = person.name }
        return names
    }
}

/// What a recommendations request asks for, and its key among kept answers.
struct RecommendationRequest: Sendable {
    let id: MemberID
    let limit: Int
    let explain: Bool
    let filters: RecommendFilters

    /// The same for requests that get the same answer: filters on facts match without regard to case or
    /// surrounding spaces, as the recommender matches them.
    var key: String {
        func fact(_ value: String?) -> String { value?.trimmingCharacters(in: .whitespaces).lowercased() ?? "" }
        return [id, "\(limit)", "\(explain)", fact(filters.region), fact(filters.sector), fact(filters.role),
                filters.group ?? ""].joined(separator: "\u{1}")
    }
}
