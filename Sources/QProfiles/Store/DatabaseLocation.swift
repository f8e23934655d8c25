import Foundation

/// Where the store lives, as `--db` names it: a SQLite file, or a PostgreSQL database given by a
/// `postgres://` (or `postgresql://`) URL, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]`.
public enum DatabaseLocation: Sendable, Hashable {
    case file(String)
    case server(ServerAddress)

    /// A PostgreSQL database on a server. The password, when the URL had one, is kept apart from everything
    /// that is printed: ``description`` never shows it.
    public struct ServerAddress: Sendable, Hashable, CustomStringConvertible {
        public enum TLSMode: String, Sendable, CaseIterable { case disable, prefer, require }
        public var user: String
        public var password: String?
        public var host: String
        public var port: Int
        public var database: String
        public var tls: TLSMode

        /// The URL without its password, for messages and logs.
        public var description: String {
            let escapedUser = user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user
            let hostPart = host.contains(":") ? "[\(host)]" : host
            let escapedDatabase = database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? database
            return "postgres://\(escapedUser)@\(hostPart):\(port)/\(escapedDatabase)"
                + (tls == .prefer ? "" : "?sslmode=\(tls.rawValue)")
        }
    }

    /// The URL schemes that name a PostgreSQL database.
    public static let serverSchemes = ["postgres", "postgresql"]

    /// Reads `--db`: a `postgres://` or `postgresql://` URL, or else a path to a SQLite file.
    /// - Parameter environment: `PGUSER` (the user when the URL names none; else the login name).
    /// - Throws: ``ProfileError`` (invalid input) for a URL that is not a usable PostgreSQL address, saying what
    ///   was expected; the message never repeats the password.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let colon = text.firstIndex(of: ":"),
              Self.serverSchemes.contains(text[..<colon].lowercased()) else {
            self = .file(text)
            return
        }
        self = .server(try ServerAddress(url: text, environment: environment))
    }

    /// The SQLite path, or nil for a database server.
    public var path: String? {
        if case .file(let path) = self { return path }
        return nil
    }

    /// The store for messages: the path, or the URL without its password.
    public var displayName: String {
        switch self {
        case .file(let path): path
        case .server(let address): address.description
        }
    }
}

extension DatabaseLocation.ServerAddress {
    static let expected = "expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]"

    init(url text: String, environment: [String: String]) throws {
        // Everything said about a bad URL shows it without its user information (which may hold a password).
        func refuse(_ problem: String) -> ProfileError {
            var shown = text
            if let scheme = shown.range(of: "://"), let at = shown[scheme.upperBound...].firstIndex(of: "@") {
                shown.replaceSubrange(scheme.upperBound...at, with: "…@")
            }
            return ProfileError.invalidInput("--db '\(shown.prefix(200))': \(problem) (\(Self.expected))")
        }
        guard let components = URLComponents(string: text) else { throw refuse("not a valid URL") }
        guard let host = components.host, !host.isEmpty else { throw refuse("no host") }
        if let port = components.port, !(1...65_535).contains(port) {
            throw refuse("port \(port) is outside 1-65535")
        }
        let path = components.percentEncodedPath
        let database = (path.hasPrefix("/") ? String(path.dropFirst()) : path).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else { throw refuse("no database name after the host") }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else { throw refuse("unknown parameter '\(item.name.prefix(40))'") }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw refuse("sslmode '\((item.value ?? "").prefix(40))' is not one of disable, prefer, require")
            }
            tls = mode
        }
        let user = components.percentEncodedUser?.removingPercentEncoding
        self.user = (user?.isEmpty == false ? user : nil) ?? environment["PGUSER"] ?? ProcessInfo.processInfo.userName
        self.password = components.percentEncodedPassword?.removingPercentEncoding
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port ?? 5432
        self.database = database
        self.tls = tls
    }
}
