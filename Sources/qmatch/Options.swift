import ArgumentParser
import Foundation
import QPostgres
import QProfiles

/// `--db` (and `--db-password-file`), shared by every command that reads or writes the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The SQLite database, or a PostgreSQL database as a postgres:// URL.",
        discussion: "Default: $QMATCH_DB, or ./qmatch.sqlite. A URL is postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
            + "[?sslmode=disable|prefer|require] (or postgresql://); the password may instead come from PGPASSWORD or "
            + "--db-password-file.", valueName: "path|url"))
    var database: String = ProcessInfo.processInfo.environment["QMATCH_DB"] ?? "qmatch.sqlite"

    @Option(name: .customLong("db-password-file"), help: ArgumentHelp(
        "A file whose first line is the PostgreSQL password (instead of the URL or PGPASSWORD).", valueName: "file"))
    var passwordFile: String?

    func validate() throws {
        let location: DatabaseLocation
        do { location = try DatabaseLocation(database) } catch let error as ProfileError {
            throw ValidationError(error.description + ".")
        }
        if passwordFile != nil, location.path != nil {
            throw ValidationError("--db-password-file applies to a postgres:// database only, and --db is a SQLite path.")
        }
    }

    /// The database for messages: the path, or the URL without its password.
    var displayName: String { (try? DatabaseLocation(database))?.displayName ?? database }

    /// Opens the store, which must exist (a SQLite file; a PostgreSQL database always must).
    func openExisting() async throws -> ProfileStore {
        try await ProfileStore.open(database, passwordFile: passwordFile, mustExist: true)
    }

    /// Opens the store, creating a SQLite file when there is none.
    func openOrCreate() async throws -> ProfileStore {
        try await ProfileStore.open(database, passwordFile: passwordFile, mustExist: false)
    }
}

/// The output formats of commands that print results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, jsonl, csv
}

/// The output formats of commands whose answer is one document (no rows to stream).
enum DocumentFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// Runs `body`, which checks what was typed for `option` against the store; a value the store does not know
/// (``ProfileError`` invalid input, whose message lists the valid values) is a usage error (exit 64).
func checkingUsage<T>(_ option: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ProfileError where error.isInvalidInput {
        throw UsageError("\(option): \(error.description)")
    }
}

/// A usage error found while running (a value the store does not know): printed with a pointer to the
/// command's help, exit status 64. (argument-parser's `ValidationError` thrown from `run()` would print the
/// root command's usage instead.)
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// An error that is not the user's usage: printed as its description, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension DataFormat: ExpressibleByArgument {}

/// Prints to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Encodes `value` as pretty, key-sorted JSON.
func jsonText<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
