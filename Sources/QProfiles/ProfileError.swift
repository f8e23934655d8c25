/// Everything that can go wrong in QProfiles: bad input (with where and what), a missing member, or I/O.
public struct ProfileError: Error, Hashable, CustomStringConvertible, Sendable {
    private enum Kind: Hashable, Sendable { case invalidInput, notFound, io }
    private let kind: Kind
    public let description: String

    public var isNotFound: Bool { kind == .notFound }
    public var isInvalidInput: Bool { kind == .invalidInput }

    /// Bad input: `message` already says where (`FILE:LINE: column 'NAME': …`) and what was expected.
    public static func invalidInput(_ message: String) -> Self { Self(kind: .invalidInput, description: message) }
    public static func notFound(_ message: String) -> Self { Self(kind: .notFound, description: message) }
    public static func io(_ message: String) -> Self { Self(kind: .io, description: message) }
}
