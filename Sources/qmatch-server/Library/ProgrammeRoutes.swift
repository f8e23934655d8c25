import Foundation
import Hummingbird
import QMatching
import QProfiles

/// The programme routes: pairing rounds (planning one needs the admin token; reading one does not), teams
/// (admin), and groups a member might join. A request that is well-formed but cannot be met (too few
/// participants, sizes that cannot partition the pool, contradictory pairs) is 422; an unknown group, member
/// or round is 404; a malformed one is 400 saying which field and what was expected.
struct ProgrammeRoutes: Sendable {
    let store: ProfileStore
    let state: ServingState
    let maxBodyBytes: Int

    func registerReads(on group: RouterGroup<ServerContext>) {
        group.get("rounds/:id") { request, context in try await round(request, context) }
        group.get("members/:id/rounds") { request, context in try await memberRounds(request, context) }
        group.get("members/:id/groups") { request, context in try await groupsFor(request, context) }
    }

    func registerWrites(on group: RouterGroup<ServerContext>) {
        group.post("rounds") { request, context in try await newRound(request, context) }
        group.post("teams") { request, context in try await teams(request, context) }
    }

    /// A library refusal of a well-formed request is 422; the rest map as everywhere (ErrorMiddleware).
    func semantic<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as MatchingError where error.isInvalidInput {
            throw HTTPError(.unprocessableContent, message: error.description)
        }
    }

    func roundID(_ context: ServerContext) throws -> Int {
        let text = context.parameters.get("id") ?? ""
        guard let id = Int(text), id >= 1, id <= Int(Int32.max) else {
            throw HTTPError(.badRequest, message: "path parameter 'id': '\(text.prefix(40))' is not a round id "
                + "(expected a whole number from 1)")
        }
        return id
    }

    func round(_ request: Request, _ context: ServerContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let id = try roundID(context)
        return try JSONResponse.make(try await RoundService(store: store, view: state.current.view).show(id))
    }

    func memberRounds(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try context.pathID("id")
        _ = try QueryParameters(request, allowed: [])
        let rounds = try await RoundService(store: store, view: state.current.view).rounds(of: id)
        return try JSONResponse.make(MemberRounds(member: id, rounds: rounds))
    }

    func groupsFor(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try context.pathID("id")
        let query = try QueryParameters(request, allowed: ["kind", "limit"])
        let limit = try query.integer("limit", in: 1...100, default: 10)
        var kinds = GroupsForService.defaultKinds
        if let text = try query.text("kind", emptyIsAbsent: true) {
            guard let kind = GroupKind(rawValue: text), GroupsForService.defaultKinds.contains(kind) else {
                throw HTTPError(.badRequest, message: "query parameter 'kind': '\(text.prefix(40))' (expected sig, exchange or lab)")
            }
            kinds = [kind]
        }
        return try JSONResponse.make(try await GroupsForService(store: store, view: state.current.view)
            .suggestions(for: id, kinds: kinds, limit: limit))
    }

    func newRound(_ request: Request, _ context: ServerContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let body = try BodyFields(try await request.body(limit: maxBodyBytes),
                                  allowed: ["name", "group", "members", "size", "noRepeat", "mix", "seed"])
        let members = try body.identifiers("members")
        let group = try body.identifier("group")
        guard (group == nil) != (members == nil) else {
            throw HTTPError(.unprocessableContent, message: "fields 'group' and 'members': give one of them (a group id, or a list of member ids)")
        }
        guard let name = try body.string("name"), (1...200).contains(name.count) else {
            throw HTTPError(.badRequest, message: "field 'name': missing or not 1-200 characters (expected the round's name)")
        }
        let mix = try body.strings("mix") ?? []
        let fields = try mix.map { text in
            guard let field = MixField(rawValue: text) else {
                throw HTTPError(.badRequest, message: "field 'mix': '\(text.prefix(40))' (expected nation, sector, role or region)")
            }
            return field
        }
        let roundRequest = RoundRequest(
            name: name, group: group, members: members, size: try body.integer("size", in: 2...3) ?? 2,
            noRepeat: try body.integer("noRepeat", in: 0...1_000), mix: fields,
            seed: UInt64(try body.integer("seed", in: 0...Int(Int32.max)) ?? 1))
        let view = try await semantic {
            try await RoundService(store: store, view: state.current.view).create(roundRequest)
        }
        context.logger.info("round planned", metadata: ["round": "\(view.id)", "participants": "\(view.participants)"])
        return try JSONResponse.make(view, status: .created)
    }

    func teams(_ request: Request, _ context: ServerContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let body = try BodyFields(try await request.body(limit: maxBodyBytes),
                                  allowed: ["group", "members", "minSize", "maxSize", "teams", "cover", "spread",
                                            "together", "apart", "seed"])
        let members = try body.identifiers("members")
        let group = try body.identifier("group")
        guard (group == nil) != (members == nil) else {
            throw HTTPError(.unprocessableContent, message: "fields 'group' and 'members': give one of them (a group id, or a list of member ids)")
        }
        let spread = try (body.strings("spread") ?? []).map { text in
            guard let field = MixField(rawValue: text) else {
                throw HTTPError(.badRequest, message: "field 'spread': '\(text.prefix(40))' (expected nation, sector, role or region)")
            }
            return field
        }
        func pairs(_ key: String) throws -> [[MemberID]] {
            try (body.strings(key) ?? []).map { text in
                let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2, parts.allSatisfy({ JSONInput.identifierProblem($0) == nil }), parts[0] != parts[1] else {
                    throw HTTPError(.badRequest, message: "field '\(key)': '\(text.prefix(80))' (expected \"A,B\": two different member ids)")
                }
                return parts
            }
        }
        let minSize = try body.integer("minSize", in: 1...10_000), maxSize = try body.integer("maxSize", in: 1...10_000)
        let count = try body.integer("teams", in: 1...100_000)
        guard (minSize != nil && maxSize != nil && count == nil) || (minSize == nil && maxSize == nil && count != nil) else {
            throw HTTPError(.unprocessableContent, message: "fields 'minSize', 'maxSize' and 'teams': give minSize with maxSize, or teams")
        }
        let cover = try body.strings("cover") ?? []
        guard cover.count <= 64, cover.allSatisfy({ (1...200).contains($0.count) }) else {
            throw HTTPError(.badRequest, message: "field 'cover': expected at most 64 topics of 1-200 characters")
        }
        let teamRequest = TeamRequest(
            group: group, members: members, minSize: minSize, maxSize: maxSize, teams: count,
            cover: cover, spread: spread, together: try pairs("together"), apart: try pairs("apart"),
            seed: UInt64(try body.integer("seed", in: 0...Int(Int32.max)) ?? 1))
        let result = try await semantic {
            try await TeamService(store: store, view: state.current.view).plan(teamRequest)
        }
        return try JSONResponse.make(result)
    }
}

/// `GET /v1/members/{id}/rounds`.
struct MemberRounds: Codable, Sendable {
    let member: MemberID
    let rounds: [RoundView]
}

/// A JSON object body read field by field, each checked where it enters with a message naming it.
struct BodyFields {
    let object: [String: RawValue]

    init(_ buffer: ByteBuffer, allowed: [String]) throws {
        guard let object = try? JSONDecoder().decode([String: RawValue].self, from: Data(buffer.readableBytesView)) else {
            throw HTTPError(.badRequest, message: "body: not a JSON object (expected fields " + allowed.joined(separator: ", ") + ")")
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw HTTPError(.badRequest, message: "field '\(unknown.prefix(40))': unknown (expected "
                + allowed.joined(separator: ", ") + ")")
        }
        self.object = object
    }

    static func shape(_ value: RawValue) -> String {
        switch value {
        case .string: "text"
        case .list: "an array"
        case .bool: "a boolean"
        case .number: "a number"
        case .null: "null"
        case .other(let what): what
        }
    }

    func string(_ key: String) throws -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw HTTPError(.badRequest, message: "field '\(key)': \(BodyFields.shape(other)) (expected text)")
        }
    }

    func identifier(_ key: String) throws -> String? {
        guard let text = try string(key) else { return nil }
        if let problem = JSONInput.identifierProblem(text) { throw HTTPError(.badRequest, message: "field '\(key)': \(problem)") }
        return text
    }

    func strings(_ key: String) throws -> [String]? {
        switch object[key] {
        case nil, .null?: return nil
        case .list(let items)?: return items
        case let other?: throw HTTPError(.badRequest, message: "field '\(key)': \(BodyFields.shape(other)) (expected an array of text)")
        }
    }

    func identifiers(_ key: String) throws -> [String]? {
        guard let items = try strings(key) else { return nil }
        guard items.count <= 100_000 else { throw HTTPError(.badRequest, message: "field '\(key)': more than 100000 ids") }
        for item in items {
            if let problem = JSONInput.identifierProblem(item) { throw HTTPError(.badRequest, message: "field '\(key)': \(problem)") }
        }
        return items
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        switch object[key] {
        case nil, .null?: return nil
        case .number(let value)?:
            guard value.rounded() == value, value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
                throw HTTPError(.badRequest, message: "field '\(key)': \(value) (expected a whole number \(range.lowerBound)...\(range.upperBound))")
            }
            return Int(value)
        case let other?:
            throw HTTPError(.badRequest, message: "field '\(key)': \(BodyFields.shape(other)) (expected a whole number \(range.lowerBound)...\(range.upperBound))")
        }
    }
}
