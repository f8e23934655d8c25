import Hummingbird

/// Refuses requests too large to look at: a request target longer than the limit (414) and a declared
/// body larger than the limit (413). Bodies sent without a length are held to the same limit as they are
/// read (``Request/body(limit:)``).
struct LimitsMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxURIBytes: Int
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.string.utf8.count <= maxURIBytes else {
            throw HTTPError(.uriTooLong, message: "the request target is \(request.uri.string.utf8.count) bytes "
                + "long (expected at most \(maxURIBytes))")
        }
        if let declared = request.headers[.contentLength] {
            guard let length = Int(declared), length >= 0 else {
                throw HTTPError(.badRequest, message: "Content-Length '\(declared.prefix(20))' is not a length")
            }
            guard length <= maxBodyBytes else {
                throw HTTPError(.contentTooLarge, message: "the body is \(length) bytes (expected at most "
                    + "\(maxBodyBytes))")
            }
        }
        return try await next(request, context)
    }
}

extension Request {
    /// The whole body, at most `limit` bytes.
    /// - Throws: ``HTTPError`` 413 when it is longer.
    func body(limit: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw HTTPError(.contentTooLarge, message: "the body is larger than \(limit) bytes")
        }
    }
}
