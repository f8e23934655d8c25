import ArgumentParser
import Foundation

@main
struct QMatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qmatch",
        abstract: "Connects the members of a professional community with the people they most need to meet.",
        discussion: "Exit status: 0 on success, 64 on usage errors, 1 on other errors.",
        subcommands: [
            ImportCommand.self, ExportCommand.self, StatsCommand.self, GraphCommand.self,
        ]
    )
}
