import Foundation
import Hummingbird
import QMatching
import QProfiles

/// One ranked member in a search or similarity answer (the CLI's JSON row).
struct RankedMember: Codable, Sendable {
    let rank: Int
    let id: MemberID
    let name: String
    let score: Float
    let reasons: [String]
}

/// `GET /v1/search`.
struct SearchResponse: Codable, Sendable {
    let query: String
    let results: [RankedMember]
}

/// `GET /v1/members/{id}/similar`.
struct SimilarResponse: Codable, Sendable {
    let member: MemberID
    let results: [RankedMember]
}

/// `GET /v1/members/{id}/path/{other}`: the shortest chains of ties, through discoverable members.
struct PathResponse: Codable, Sendable {
    let from: MemberID
    let to: MemberID
    /// Ties on the shortest chains (1: already connected), or nil when there is none of up to three.
    let hops: Int?
    let paths: [[MemberID]]
    let totalCount: Int
}

/// `POST /v1/members/{id}/feedback`.
struct FeedbackResponse: Codable, Sendable {
    let member: MemberID
    let other: MemberID
    let action: String
}

/// `GET /health`.
struct HealthResponse: Codable, Sendable {
    /// The counts (`members`, `index.members`, `index.folded`) are nil for a caller without the read token when
    /// the server has one: together they say how many members are hidden.
    struct IndexInfo: Codable, Sendable {
        let members: Int?
        let builtAt: String
        let generation: Int
        let folded: Int?
    }
    let status: String
    /// Members others may see now.
    let members: Int?
    let index: IndexInfo
}

/// Responses with a JSON body, encoded one way everywhere (sorted keys: stable bytes).
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        make(body: try body(value), status: status)
    }

    /// The encoded body of `value`.
    static func body(_ value: some Encodable) throws -> ByteBuffer { ByteBuffer(bytes: try encoder.encode(value)) }

    static func make(body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
