import Foundation

/// The server's secret for signing sign-in links: at least 32 bytes, from `QMATCH_SECRET` or a file.
public struct LinkSecret: Sendable, Hashable {
    /// The fewest bytes a secret may have (HMAC-SHA256's output size: a shorter key weakens it).
    public static let minimumBytes = 32

    public let bytes: [UInt8]

    /// - Throws: ``SignInError`` (weak secret) when `bytes` is shorter than ``minimumBytes``.
    public init(_ bytes: [UInt8]) throws {
        guard bytes.count >= Self.minimumBytes else {
            throw SignInError.weakSecret("the secret is \(bytes.count) bytes (expected at least \(Self.minimumBytes); "
                + "make one with `head -c 32 /dev/urandom | base64`)")
        }
        self.bytes = bytes
    }

    /// The secret from a file (`file`, surrounding white space removed) or else the environment's
    /// `QMATCH_SECRET`; nil when neither is given.
    /// - Throws: ``SignInError`` (weak secret) when the file cannot be read or the secret is too short.
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> LinkSecret? {
        let text: String
        if let file {
            guard let read = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw SignInError.weakSecret("--secret-file: cannot read \(file)")
            }
            text = read
        } else if let value = environment["QMATCH_SECRET"], !value.isEmpty {
            text = value
        } else {
            return nil
        }
        do {
            return try LinkSecret(Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
        } catch let error as SignInError {
            throw SignInError.weakSecret((file.map { "--secret-file \($0): " } ?? "QMATCH_SECRET: ") + error.description)
        }
    }
}
