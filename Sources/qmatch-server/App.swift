import ArgumentParser
import Foundation
import Hummingbird
import QMatchServer

@main
struct App: AsyncParsableCommand, AppArguments {
    static let configuration = CommandConfiguration(
        commandName: "qmatch-server", abstract: "Serves qmatch over HTTP.")

    @Option(name: .customLong("db"), help: "The SQLite database (default $QMATCH_DB or ./qmatch.sqlite).")
    var database: String = ProcessInfo.processInfo.environment["QMATCH_DB"] ?? "qmatch.sqlite"

    @Option(help: "The address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port: Int = 8080

    var databasePath: String? { database }

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535, not \(port).") }
    }

    func run() async throws {
        let app = try await buildApplication(self)
        try await app.runService()
    }
}
