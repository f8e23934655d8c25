/// Everything that can go wrong in QMatching: bad input files, a missing or stale index, unknown members.
public struct MatchingError: Error, Hashable, CustomStringConvertible, Sendable {
    private enum Kind: Hashable, Sendable { case invalidInput, notFound, corruptIndex, io }
    private let kind: Kind
    public let description: String

    public var isNotFound: Bool { kind == .notFound }
    public var isInvalidInput: Bool { kind == .invalidInput }
    public var isCorruptIndex: Bool { kind == .corruptIndex }

    public static func invalidInput(_ message: String) -> Self { Self(kind: .invalidInput, description: message) }
    public static func notFound(_ message: String) -> Self { Self(kind: .notFound, description: message) }
    public static func corruptIndex(_ message: String) -> Self { Self(kind: .corruptIndex, description: message) }
    public static func io(_ message: String) -> Self { Self(kind: .io, description: message) }
}
