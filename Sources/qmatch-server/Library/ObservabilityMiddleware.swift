import Hummingbird
import Logging

/// Outermost: times every request, counts it in ``ServerMetrics`` by route template (never the raw path),
/// and logs it with ids only (the route, the status, the path's id parameters; never the query string, which
/// may hold free text).
struct ObservabilityMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: ServerContext,
                next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        metrics.record(route: route, method: request.method.rawValue, status: response.status.code, duration: elapsed)
        let level: Logger.Level = response.status.code >= 500 && response.status != .notImplemented ? .error : .debug
        if context.logger.logLevel <= level {
            var metadata: Logger.Metadata = [
                "method": "\(request.method.rawValue)", "route": "\(route)", "status": "\(response.status.code)",
                "ms": "\(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)",
            ]
            for name in ["id", "other"] {
                if let value = context.parameters.get(name) { metadata[name] = "\(value)" }
            }
            context.logger.log(level: level, "request", metadata: metadata)
        }
        return response
    }
}
