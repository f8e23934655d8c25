import Foundation
import QProfiles

extension ProfileStore {
    /// Opens the store that `--db` names: a SQLite file (a path) or a PostgreSQL database (a `postgres://` or
    /// `postgresql://` URL), migrating it to the newest schema.
    ///
    /// The password of a PostgreSQL database comes from `passwordFile` (its first line), else the URL, else
    /// `PGPASSWORD`; it is never printed or logged.
    /// - Parameters:
    ///   - mustExist: a SQLite file must exist already (a PostgreSQL database always must).
    ///   - environment: where `PGPASSWORD` and `PGUSER` are read.
    /// - Throws: ``ProfileError``: invalid input for a URL that is not usable or a password file with a SQLite
    ///   path; not found for a missing file or database; I/O when the password file cannot be read or the server
    ///   cannot be reached or refuses the user.
    public static func open(_ database: String, passwordFile: String? = nil, mustExist: Bool,
                            environment: [String: String] = ProcessInfo.processInfo.environment) async throws
        -> ProfileStore {
        switch try DatabaseLocation(database, environment: environment) {
        case .file(let path):
            if passwordFile != nil {
                throw ProfileError.invalidInput("--db-password-file applies to a postgres:// database only, and "
                    + "--db is a SQLite path")
            }
            return mustExist ? try ProfileStore.open(existing: path) : try ProfileStore(path: path)
        case .server(let address):
            let password = try passwordFile.map(readPassword) ?? address.password ?? environment["PGPASSWORD"]
            return ProfileStore(backend: try await PostgresStore.open(address, password: password))
        }
    }

    /// The first line of the file at `path`, without its line ending.
    /// - Throws: ``ProfileError`` (I/O) naming the file, never its contents.
    static func readPassword(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProfileError.io("--db-password-file \(path): cannot read the file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let line = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !line.isEmpty else {
            throw ProfileError.invalidInput("--db-password-file \(path): the first line is empty (expected the password)")
        }
        return line
    }
}
