import ArgumentParser
import Foundation

@main
struct QMatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qmatch",
        abstract: "Connects the members of a professional community with the people they most need to meet.",
        subcommands: []
    )
}
