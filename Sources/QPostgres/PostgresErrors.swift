import Logging
import PostgresNIO
import QProfiles

/// PostgreSQL's failures in the project's words, as ``ProfileError``s: a refused change is invalid input
/// (the same words as SQLite's refusals), a lost or overloaded server is unavailable (worth retrying), the rest
/// is I/O. Messages name the database by its URL without the password, never a row's data or the SQL.
enum PostgresErrors {
    /// Opens one connection with `configuration`; a failure comes out as ``connectFailure(_:address:hadPassword:)``.
    static func connect(_ configuration: PostgresConnection.Configuration, address: DatabaseLocation.ServerAddress,
                        logger: Logger) async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw connectFailure(error, address: address, hadPassword: configuration.password != nil)
        }
    }

    /// A failure to open the first connection: the server cannot be reached, refuses the user or password, or
    /// has no such database.
    static func connectFailure(_ error: any Error, address: DatabaseLocation.ServerAddress,
                               hadPassword: Bool) -> ProfileError {
        let at = "\(address)"
        guard let error = error as? PSQLError else {
            return .io("\(at): cannot connect to the database server (\(reason(of: error))); is PostgreSQL running "
                + "there and accepting connections?")
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            if state == "3D000" {
                return .notFound("\(at): the server has no database '\(address.database)' (create it first, "
                    + "e.g. `createdb \(address.database)`)")
            }
            if state == "28P01" || state.hasPrefix("28") {
                return .io("\(at): the server refused user '\(address.user)' (wrong password, or the user may not "
                    + "connect; give the password in the URL, in PGPASSWORD or with --db-password-file)")
            }
            return translated(error, address: address)
        case .authMechanismRequiresPassword:
            return .io("\(at): the server asks user '\(address.user)' for a password and none was given (give it in "
                + "the URL, in PGPASSWORD or with --db-password-file)")
        case .unsupportedAuthMechanism, .saslError:
            return .io("\(at): cannot sign in as '\(address.user)' (the server asks for an authentication method "
                + "qmatch does not support\(hadPassword ? ", or the password is wrong" : ""))")
        case .sslUnsupported:
            return .io("\(at): the server does not offer TLS (sslmode=require); use sslmode=prefer or disable")
        default:
            return .io("\(at): cannot connect to the database server (\(reason(of: error))); is PostgreSQL running "
                + "there and accepting connections?")
        }
    }

    /// Any failure of a statement or of the connection while the store is open.
    static func translated(_ error: any Error, address: DatabaseLocation.ServerAddress) -> ProfileError {
        if let error = error as? ProfileError { return error }
        guard let error = error as? PSQLError else {
            return .unavailable("\(address): the database server cannot be reached now (\(reason(of: error))); "
                + "the change was not made")
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            switch state {
            case "23503": return ProfileStore.refused(.foreignKey)
            case "23505": return ProfileStore.refused(.unique)
            case "23502": return ProfileStore.refused(.notNull)
            case "23514", "23P01": return ProfileStore.refused(.check)
            case "22021", "22P05":
                return .invalidInput("refused by the store: a text holds a character PostgreSQL cannot store "
                    + "(expected text without the NUL character U+0000)")
            case "42501":
                return .io("\(address): user '\(address.user)' may not read or change the store's tables (PostgreSQL "
                    + "code 42501); connect as the user that created them, or grant this user rights on them")
            case "40001", "40P01", "55P03", "57014":
                return .unavailable("the database is busy (another writer holds it); try again in a moment")
            case _ where state.hasPrefix("53"):
                return .unavailable("the database server is out of resources (PostgreSQL code \(state)); the change "
                    + "was not made")
            case _ where state.hasPrefix("57P") || state.hasPrefix("08"):
                return .unavailable("\(address): the database server is shutting down or restarting (PostgreSQL "
                    + "code \(state)); try again in a moment")
            default:
                return .io("database failure (PostgreSQL code \(state.isEmpty ? "unknown" : state))")
            }
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return .unavailable("\(address): the connection to the database server was lost; try again in a moment")
        default:
            return .io("database failure (\(error.code))")
        }
    }

    /// Why a connection failed, in a few words (a socket error, a name that does not resolve, a time-out):
    /// the error's own description never holds the password, but is cut short all the same.
    static func reason(of error: any Error) -> String {
        if let error = error as? PSQLError {
            if let underlying = error.underlying { return reason(of: underlying) }
            return "\(error.code)"
        }
        let text = "\(error)"
        if text.localizedCaseInsensitiveContains("refused") { return "connection refused" }
        if text.localizedCaseInsensitiveContains("timeout") || text.localizedCaseInsensitiveContains("timed out") {
            return "timed out"
        }
        if text.contains("resolve") || text.contains("getaddrinfo") || text.contains("NXDOMAIN") {
            return "the host name does not resolve"
        }
        return String(text.prefix(120))
    }
}
