/// Why a sign-in link or a secret was refused.
public struct SignInError: Error, Hashable, CustomStringConvertible {
    private enum Kind: Hashable { case malformed, tampered, expired, weakSecret }
    private let kind: Kind
    public let description: String

    /// The token is not one this format makes (cut short, not base64url, wrong version).
    public var isMalformed: Bool { kind == .malformed }
    /// The signature does not match: the token was altered or signed with another secret.
    public var isTampered: Bool { kind == .tampered }
    /// The token was genuine but its time is up.
    public var isExpired: Bool { kind == .expired }
    /// The secret is too short to sign with.
    public var isWeakSecret: Bool { kind == .weakSecret }

    static func malformed(_ why: String) -> Self { Self(kind: .malformed, description: "sign-in link not readable: \(why)") }
    static let tampered = Self(kind: .tampered, description: "sign-in link not genuine: its signature does not match")
    static func expired(_ when: String) -> Self { Self(kind: .expired, description: "sign-in link expired on \(when)") }
    static func weakSecret(_ why: String) -> Self { Self(kind: .weakSecret, description: why) }
}
