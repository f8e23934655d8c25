import Foundation
import Hummingbird

/// `/health`, `/metrics` (Prometheus text) and `/openapi.json` (the spec in the repository, served as is).
///
/// Counts of members say how many are hidden (the index's members less those shown), so under a read token
/// they are only for its holders: `/health` answers everyone with its status and the index's age, and adds
/// the counts for a caller with a token; `/metrics` needs the token.
struct OperationsRoutes: Sendable {
    let state: ServingState
    let metrics: ServerMetrics
    let openAPI: ByteBuffer
    let policy: AccessPolicy

    /// Whether `request` may see member counts.
    func seesCounts(_ request: Request) -> Bool {
        switch policy.access(of: request) {
        case .admin, .reader: true
        case .anonymous: !policy.requiresReadToken
        default: false
        }
    }

    func register(on router: Router<ServerContext>) {
        router.get("/health") { request, _ in
            _ = try QueryParameters(request, allowed: [])
            let view = state.current
            let snapshot = view.snapshot
            let counts = seesCounts(request)
            return try JSONResponse.make(HealthResponse(
                status: "ok", members: counts ? view.view.visibleCount : nil,
                index: .init(members: counts ? snapshot.index.ids.count : nil, builtAt: snapshot.index.builtAt,
                             generation: snapshot.generation, folded: counts ? view.view.overlayCount : nil)))
        }
        router.get("/metrics") { request, _ in
            _ = try QueryParameters(request, allowed: [])
            switch policy.access(of: request) {
            case .admin, .reader: break
            case .anonymous where !policy.requiresReadToken: break
            case .anonymous:
                throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                                message: "/metrics needs the read or admin token (Authorization: Bearer TOKEN)")
            default:
                throw HTTPError(.forbidden, message: "the bearer token is not valid for this route")
            }
            let text = metrics.exposition(of: state.current, cache: state.cache)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: text)))
        }
        router.get("/openapi.json") { request, _ in
            _ = try QueryParameters(request, allowed: [])
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: openAPI))
        }
    }
}
