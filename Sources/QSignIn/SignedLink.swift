import Crypto
import Foundation

/// A personal sign-in token: the member and an expiry, signed with HMAC-SHA256 under the server's secret.
///
/// Format (version 1): `base64url(payload) "." base64url(HMAC-SHA256(secret, payload))` where payload is
/// `q1|EXPIRES|MEMBER` (EXPIRES: Unix seconds). Member ids hold no `|` (1-64 of `A-Z a-z 0-9 . _ : -`),
/// and the payload is split at its first two bars only. `qmatch link` writes it; the server checks it.
public struct SignedLink: Sendable, Hashable {
    public let member: String
    /// Unix seconds.
    public let expires: Int64

    public init(member: String, expires: Int64) {
        self.member = member
        self.expires = expires
    }

    /// A link for `member` valid for `days` from `now`.
    public init(member: String, days: Int, now: Date = Date()) {
        self.init(member: member, expires: Int64(now.timeIntervalSince1970) + Int64(days) * 86_400)
    }

    static let version = "q1"
    /// The longest token accepted (a 64-character id gives about 150).
    static let maximumTokenLength = 512

    /// The signed token.
    public func token(secret: LinkSecret) -> String {
        let payload = Array("\(Self.version)|\(expires)|\(member)".utf8)
        return Self.base64url(payload) + "." + Self.base64url(Self.signature(payload, secret))
    }

    /// The expiry as an ISO 8601 date-time.
    public var expiryText: String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(expires)))
    }

    /// Checks `token`'s signature, then its expiry.
    /// - Throws: ``SignInError``: malformed, tampered (signature wrong), or expired.
    public static func verify(_ token: String, secret: LinkSecret, now: Date = Date()) throws -> SignedLink {
        guard token.utf8.count <= maximumTokenLength else { throw SignInError.malformed("too long") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = decode(parts[0]), let mac = decode(parts[1]) else {
            throw SignInError.malformed("expected two base64url parts joined by '.'")
        }
        // The signature first: nothing in an unsigned payload is trusted, not even its shape.
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: SymmetricKey(data: secret.bytes))
        else { throw SignInError.tampered }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: "|", maxSplits: 2,
                                                                     omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0] == version, let expires = Int64(fields[1]), !fields[2].isEmpty else {
            throw SignInError.malformed("unknown version or fields")
        }
        let link = SignedLink(member: String(fields[2]), expires: expires)
        guard Int64(now.timeIntervalSince1970) < expires else { throw SignInError.expired(link.expiryText) }
        return link
    }

    static func signature(_ payload: [UInt8], _ secret: LinkSecret) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: payload, using: SymmetricKey(data: secret.bytes)))
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: Substring) -> [UInt8]? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}
