/// Everything that can go wrong in QProfiles: bad input (with where and what), a missing member, a store that
/// is out of service for now (busy, locked, full, I/O: worth retrying), I/O when opening files, or an operation
/// that the chosen store does not offer yet.
public struct ProfileError: Error, Hashable, CustomStringConvertible, Sendable {
    private enum Kind: Hashable, Sendable { case invalidInput, notFound, io, unavailable, notSupported }
    private let kind: Kind
    public let description: String

    public var isNotFound: Bool { kind == .notFound }
    public var isInvalidInput: Bool { kind == .invalidInput }
    /// The store cannot serve the request now (busy, locked, disk full, an I/O error): the request itself was
    /// fine and may be retried. The description names the condition only, never data.
    public var isUnavailable: Bool { kind == .unavailable }
    /// The store in use does not offer this operation yet (a PostgreSQL store, for what has not moved there).
    public var isNotSupported: Bool { kind == .notSupported }

    /// Bad input: `message` already says where (`FILE:LINE: column 'NAME': …`) and what was expected.
    public static func invalidInput(_ message: String) -> Self { Self(kind: .invalidInput, description: message) }
    public static func notFound(_ message: String) -> Self { Self(kind: .notFound, description: message) }
    public static func io(_ message: String) -> Self { Self(kind: .io, description: message) }
    public static func unavailable(_ message: String) -> Self { Self(kind: .unavailable, description: message) }
    /// `operation` (a method of the store, or a command) is not offered by the `store` kind in use yet.
    public static func notSupported(_ operation: String, on store: String) -> Self {
        Self(kind: .notSupported, description: "\(operation) is not supported on \(store) yet (use a SQLite database "
            + "for it for now)")
    }
}
