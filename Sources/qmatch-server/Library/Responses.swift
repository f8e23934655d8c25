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

    /// A recommendations answer, written straight into the buffer: the same JSON as ``encoder`` writes (keys
    /// sorted, slashes unescaped; numbers as Swift's shortest float text, which reads back to the same float).
    /// `JSONEncoder` was 4% of the server's samples on answers computed every time.
    /// - Throws: `EncodingError` for a score that is not a finite number, as `JSONEncoder` does.
    static func body(_ answer: MemberRecommendations) throws -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(256 + answer.recommendations.count * 400)
        out.writeStaticString("{\"blend\":")
        writeString(answer.blend, to: &out)
        out.writeStaticString(",\"member\":")
        writeString(answer.member, to: &out)
        out.writeStaticString(",\"recommendations\":[")
        for (i, item) in answer.recommendations.enumerated() {
            out.writeStaticString(i == 0 ? "{" : ",{")
            if let breakdown = item.breakdown {
                out.writeStaticString("\"breakdown\":[")
                for (j, part) in breakdown.enumerated() {
                    out.writeStaticString(j == 0 ? "{\"signal\":" : ",{\"signal\":")
                    writeString(part.signal, to: &out)
                    out.writeStaticString(",\"value\":")
                    try writeNumber(part.value, to: &out)
                    out.writeStaticString("}")
                }
                out.writeStaticString("],")
            }
            out.writeStaticString("\"id\":")
            writeString(item.id, to: &out)
            out.writeStaticString(",\"name\":")
            writeString(item.name, to: &out)
            out.writeStaticString(",\"reasons\":[")
            for (j, reason) in item.reasons.enumerated() {
                if j > 0 { out.writeStaticString(",") }
                writeString(reason, to: &out)
            }
            out.writeStaticString("],\"score\":")
            try writeNumber(item.score, to: &out)
            out.writeStaticString("}")
        }
        out.writeStaticString("]}")
        return out
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`… or `\u00XX`, everything else as
    /// UTF-8.
    static func writeString(_ text: String, to out: inout ByteBuffer) {
        out.writeStaticString("\"")
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (i, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                if start < i { out.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<i])) }
                switch byte {
                case UInt8(ascii: "\""): out.writeStaticString("\\\"")
                case UInt8(ascii: "\\"): out.writeStaticString("\\\\")
                case 0x0A: out.writeStaticString("\\n")
                case 0x0D: out.writeStaticString("\\r")
                case 0x09: out.writeStaticString("\\t")
                case 0x08: out.writeStaticString("\\b")
                case 0x0C: out.writeStaticString("\\f")
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.writeStaticString("\\u00")
                    out.writeInteger(hex[Int(byte >> 4)])
                    out.writeInteger(hex[Int(byte & 0xF)])
                }
                start = i + 1
            }
            if start < bytes.count { out.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start...])) }
        }
        out.writeStaticString("\"")
    }

    /// A JSON number: Swift's shortest text for the float (it reads back to the same float).
    static func writeNumber(_ value: Float, to out: inout ByteBuffer) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "not a finite number"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out.writeString(text)
    }

    static func make(body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
