import Foundation
import Logging
import PostgresNIO
import QProfiles

/// Statements run outside any store, on a connection of their own: creating and dropping databases and roles
/// (for the tests, which give each case a database of its own).
package enum PostgresAdmin {
    /// Runs each of `statements` (SQL text, no parameters) on the database at `url`, in order, outside a
    /// transaction.
    /// - Throws: ``ProfileError`` as opening a store would (no such database, refused, unreachable), or a
    ///   statement's failure.
    package static func execute(_ url: String, _ statements: [String],
                                environment: [String: String] = ProcessInfo.processInfo.environment) async throws {
        guard case .server(let address) = try DatabaseLocation(url, environment: environment) else {
            throw ProfileError.invalidInput("'\(url)': expected a postgres:// URL")
        }
        var logger = Logger(label: "qmatch.postgres.admin")
        logger.logLevel = .critical
        let password = address.password ?? environment["PGPASSWORD"]
        let configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: password,
            database: address.database, tls: .disable)
        let connection = try await PostgresErrors.connect(configuration, address: address, logger: logger)
        do {
            for statement in statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.close()
        } catch {
            try? await connection.close()
            throw PostgresErrors.translated(error, address: address)
        }
    }
}
