import Foundation
import ArgumentParser
import Hummingbird
import QMatchServer

@main
struct App: AsyncParsableCommand, AppArguments {
    static let configuration = CommandConfiguration(
        commandName: "qmatch-server", abstract: "Serves qmatch recommendations over HTTP.")

    @Option(name: .customLong("db"), help: "The SQLite database (default $QMATCH_DB or ./qmatch.sqlite).")
    var databasePath: String = defaultDatabasePath()

    @Option(help: "The address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port: Int = 8080

    func run() async throws {
        let app = try await buildApplication(self)
        try await app.runService()
    }
}

func defaultDatabasePath() -> String {
    ProcessInfo.processInfo.environment["QMATCH_DB"] ?? "qmatch.sqlite"
}
