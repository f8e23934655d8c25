import ArgumentParser
import Foundation
import QProfiles

/// The process entry: a word that is not a subcommand (`qmatch recomend m000123`) is reported as such, with
/// the nearest command, before argument-parser reads the rest (it would complain about an option instead).
@main
enum Entry {
    static func main() async {
        if let message = unknownCommand(in: Array(CommandLine.arguments.dropFirst()), root: QMatch.self) {
            printError("Error: \(message)")
            exit(ExitCode.validationFailure.rawValue)
        }
        await QMatch.main()
    }

    /// The message for the first word of `arguments` that should name a subcommand and does not, or nil.
    static func unknownCommand(in arguments: [String], root: ParsableCommand.Type) -> String? {
        var command = root
        var path = [root.configuration.commandName ?? "qmatch"]
        for argument in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !argument.hasPrefix("-"), argument != "help" else { return nil }
            let names = subcommands.map { [$0.configuration.commandName ?? ""] + $0.configuration.aliases }
            guard let found = names.firstIndex(where: { $0.contains(argument) }) else {
                let nearest = NearestNames.nearest(to: argument, in: names.flatMap { $0 }, count: 1)
                let command = path.joined(separator: " ")
                return "'\(argument)' is not a \(command) command; "
                    + (nearest.first.map { "did you mean '\($0)'?" } ?? "see '\(command) --help'.")
            }
            command = subcommands[found]
            path.append(argument)
        }
        return nil
    }
}
