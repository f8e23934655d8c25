import Foundation
import Hummingbird

/// `/health`, `/metrics` (Prometheus text) and `/openapi.json` (the spec in the repository, served as is).
struct OperationsRoutes: Sendable {
    let state: ServingState
    let metrics: ServerMetrics
    let openAPI: ByteBuffer

    func register(on router: Router<ServerContext>) {
        router.get("/health") { request, _ in
            _ = try QueryParameters(request, allowed: [])
            let view = state.current
            let snapshot = view.snapshot
            return try JSONResponse.make(HealthResponse(
                status: "ok", members: view.view.visibleCount,
                index: .init(members: snapshot.index.ids.count, builtAt: snapshot.index.builtAt,
                             generation: snapshot.generation, folded: view.view.overlayCount)))
        }
        router.get("/metrics") { request, _ in
            _ = try QueryParameters(request, allowed: [])
            let text = metrics.exposition(of: state.current)
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
