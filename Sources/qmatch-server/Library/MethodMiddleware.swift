import Foundation
import Hummingbird

/// Answers 405 (with `Allow`) for a method the OpenAPI document does not list on a path it does list, where
/// the router alone would say 404.
struct MethodMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Path templates split into segments (nil: a parameter) with their methods, from the document.
    let routes: [(segments: [Substring?], methods: [String])]

    /// - Parameter document: the OpenAPI document (JSON).
    init(document: ByteBuffer) {
        let object = try? JSONSerialization.jsonObject(with: Data(document.readableBytesView)) as? [String: Any]
        let paths = object?["paths"] as? [String: [String: Any]] ?? [:]
        routes = paths.keys.sorted().map { template in
            (template.split(separator: "/").map { $0.hasPrefix("{") ? nil : $0 },
             (paths[template] ?? [:]).keys.map { $0.uppercased() }.sorted())
        }
    }

    /// The methods of the documented path that `path` matches, or nil.
    func methods(for path: String) -> [String]? {
        let segments = path.split(separator: "/")
        return routes.first { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { expected, actual in expected.map { $0 == actual } ?? true }
        }?.methods
    }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound
                    && (context.endpointPath == nil || context.endpointPath == "NotFound") {
            guard let methods = methods(for: request.uri.path), !methods.contains(request.method.rawValue) else {
                throw error
            }
            throw HTTPError(.methodNotAllowed, headers: [.allow: methods.joined(separator: ", ")],
                            message: "\(request.method.rawValue) is not allowed here (expected "
                                + methods.joined(separator: " or ") + ")")
        }
    }
}
