import Foundation
import Hummingbird
import QGraph
import QMatching
import QProfiles

/// The body of every error response: `{"error": {"status": CODE, "message": "..."}}`.
struct ErrorBody: Codable, Sendable {
    struct Detail: Codable, Sendable {
        let status: Int
        let message: String
    }
    let error: Detail
}

/// Turns every error into the design's JSON error body: the library's errors map once here (not found: 404;
/// invalid input: 400; a store that is busy, locked, full or failing I/O: 503 with `Retry-After: 1`, logged
/// at error level with the condition only), Hummingbird's keep their status; bad input is a 4xx, never a 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ProfileError {
            if error.isUnavailable { return Self.unavailable(error, context) }
            return Self.mapped(error.isNotFound, error.isInvalidInput, error.description, error, context)
        } catch let error as MatchingError {
            return Self.mapped(error.isNotFound, error.isInvalidInput, error.description, error, context)
        } catch let error as GraphError {
            return Self.mapped(error.isUnknownNode, !error.isUnknownNode, error.description, error, context)
        } catch let error as HTTPError {
            var response = Self.response(error.status, error.body ?? error.status.reasonPhrase)
            for field in error.headers { response.headers.append(field) }
            return response
        } catch let error as any HTTPResponseError {
            return Self.response(error.status, error.status.reasonPhrase)
        } catch is DecodingError {
            return Self.response(.badRequest, "the body is not valid JSON of the expected shape")
        } catch {
            context.logger.error("unhandled error", metadata: ["type": "\(type(of: error))"])
            return Self.response(.internalServerError, "internal error")
        }
    }

    static func mapped(_ isNotFound: Bool, _ isInvalidInput: Bool, _ message: String, _ error: any Error,
                       _ context: Context) -> Response {
        if isNotFound { return response(.notFound, message) }
        if isInvalidInput { return response(.badRequest, message) }
        context.logger.error("server-side failure", metadata: ["type": "\(type(of: error))"])
        return response(.internalServerError, "internal error")
    }

    /// 503 with `Retry-After: 1`: the request was fine, the store could not serve it now. The store's
    /// message names the condition (busy, full, I/O) and never data, so it is logged and returned as is.
    static func unavailable(_ error: ProfileError, _ context: Context) -> Response {
        context.logger.error("store unavailable", metadata: ["reason": "\(error.description)"])
        var response = response(.serviceUnavailable, error.description)
        response.headers[.retryAfter] = "1"
        return response
    }

    static func response(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body = ErrorBody(error: .init(status: status.code, message: message))
        let data = (try? JSONEncoder().encode(body)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
