import Foundation
import Hummingbird
import QProfiles

/// The body of every error response: `{"error": {"status": CODE, "message": "..."}}`.
struct ErrorBody: Codable, Sendable {
    struct Detail: Codable, Sendable {
        let status: Int
        let message: String
    }
    let error: Detail
}

/// Turns every error into the design's JSON error body; bad input is a 4xx, never a 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ProfileError {
            let status: HTTPResponse.Status = error.isNotFound ? .notFound
                : error.isInvalidInput ? .badRequest : .internalServerError
            return Self.response(status, error.isInvalidInput || error.isNotFound ? error.description : "internal error")
        } catch let error as HTTPError {
            return Self.response(error.status, error.body ?? error.status.reasonPhrase)
        } catch let error as any HTTPResponseError {
            return Self.response(error.status, error.status.reasonPhrase)
        } catch {
            context.logger.error("unhandled error", metadata: ["type": "\(type(of: error))"])
            return Self.response(.internalServerError, "internal error")
        }
    }

    static func response(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body = ErrorBody(error: .init(status: status.code, message: message))
        let data = (try? JSONEncoder().encode(body)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
