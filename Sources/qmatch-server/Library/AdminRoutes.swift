import Foundation
import Hummingbird
import Logging
import QMatching
import QProfiles

/// The write routes, behind the admin token: upsert (folded in at once), erasure (gone from every answer at
/// once), connections, feedback, and rebuilds. Each write reaches the store and then the serving view, one
/// write at a time (``ServingState/write(_:)``); readers are never held up.
struct AdminRoutes: Sendable {
    let store: ProfileStore
    let state: ServingState
    let rebuilder: Rebuilder
    let maxBodyBytes: Int

    func register(on group: RouterGroup<ServerContext>) {
        group.put("members/:id") { request, context in try await upsert(request, context) }
        group.delete("members/:id") { request, context in try await erase(request, context) }
        group.post("connections") { request, context in try await connect(request, context) }
        group.post("members/:id/feedback") { request, context in try await feedback(request, context) }
        group.post("admin/rebuild") { request, context in
            _ = try QueryParameters(request, allowed: [])
            context.logger.info("rebuild requested")
            return try JSONResponse.make(rebuilder.request(), status: .accepted)
        }
        group.get("admin/rebuild") { request, _ in
            _ = try QueryParameters(request, allowed: [])
            return try JSONResponse.make(rebuilder.current)
        }
    }

    func body(_ request: Request) async throws -> Data {
        Data(try await request.body(limit: maxBodyBytes).readableBytesView)
    }

    func upsert(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try context.pathID("id")
        _ = try QueryParameters(request, allowed: [])
        let (update, setsDiscoverable) = try JSONInput.memberUpdate(try await body(request), id: id)
        // Well-formed but naming a group that does not exist: 422, as the spec says.
        let groups = try await store.groupNames(update.groups)
        if let missing = update.groups.first(where: { groups[$0] == nil }) {
            throw HTTPError(.unprocessableContent, message: "field 'groups': group '\(missing)' does not exist "
                + "(expected the id of an existing group)")
        }
        // A body without `discoverable` keeps the member's visibility; the view gets the member as stored.
        let (member, isNew) = try await MemberWrites(store: store, state: state)
            .upsert(update, keepingDiscoverable: !setsDiscoverable)
        context.logger.info("member written", metadata: ["id": "\(id)", "created": "\(isNew)"])
        return try JSONResponse.make(member, status: isNew ? .created : .ok)
    }

    func erase(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try context.pathID("id")
        _ = try QueryParameters(request, allowed: [])
        let erased = try await state.write(retiring: .involving(id)) { [store] view in
            guard try await store.erase(id) else { return (nil, false) }
            return (view.erasing(id, sequence: view.sequence + 1), true)
        }
        guard erased else { throw HTTPError(.notFound, message: "no member '\(id)'") }
        context.logger.info("member erased", metadata: ["id": "\(id)"])
        rebuilder.erased(id)
        return Response(status: .noContent)
    }

    func connect(_ request: Request, _ context: ServerContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let data = try await body(request)
        // Well-formed but joining a member to themselves: 422, as the spec says.
        if let object = try? JSONDecoder().decode([String: RawValue].self, from: data),
           case .string(let source)? = object["source"], case .string(let target)? = object["target"],
           source == target, JSONInput.identifierProblem(source) == nil {
            throw HTTPError(.unprocessableContent, message: "field 'target': '\(target)' is the source itself "
                + "(expected two different members)")
        }
        let connection = try JSONInput.connection(data)
        try await state.write(retiring: .askedByEither(connection.source, connection.target)) { [store] view in
            try await store.add(connection)
            return (view.advanced(to: view.sequence + 1), ())
        }
        context.logger.info("connection written", metadata: ["source": "\(connection.source)",
                                                            "target": "\(connection.target)"])
        return try JSONResponse.make(connection, status: .created)
    }

    func feedback(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try context.pathID("id")
        _ = try QueryParameters(request, allowed: [])
        let data = try await body(request)
        guard let object = try? JSONDecoder().decode([String: RawValue].self, from: data) else {
            throw HTTPError(.badRequest, message: "body: not a JSON object (expected {\"other\": ID, \"action\": "
                + "\"dismiss\" or \"connected\"})")
        }
        if let unknown = object.keys.sorted().first(where: { $0 != "other" && $0 != "action" }) {
            throw HTTPError(.badRequest, message: "field '\(unknown.prefix(40))': unknown (expected other, action)")
        }
        guard case .string(let other)? = object["other"], JSONInput.identifierProblem(other) == nil else {
            throw HTTPError(.badRequest, message: "field 'other': missing or not an id (expected the suggested "
                + "member's id)")
        }
        guard case .string(let actionText)? = object["action"],
              let action = FeedbackAction(rawValue: actionText), action != .shown else {
            throw HTTPError(.badRequest, message: "field 'action': missing or unknown (expected dismiss or connected)")
        }
        guard other != id else {
            throw HTTPError(.unprocessableContent, message: "field 'other': is the member itself (expected another member)")
        }
        // One transaction; `connected` also records the tie, keeping a stronger one.
        try await MemberWrites(store: store, state: state).feedback(member: id, other: other, action: action)
        context.logger.info("feedback written", metadata: ["id": "\(id)", "other": "\(other)",
                                                          "action": "\(action.rawValue)"])
        return try JSONResponse.make(FeedbackResponse(member: id, other: other, action: action.rawValue))
    }
}
