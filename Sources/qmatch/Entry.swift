import ArgumentParser
import Foundation
import QLinearAlgebra
import QProfiles

/// The process entry: a word that is not a subcommand (`qmatch recomend m000123`) is reported as such, with
/// the nearest command, before argument-parser reads the rest (it would complain about an option instead);
/// then the command is parsed and run as `AsyncParsableCommand.main()` does, with ``UsageError`` (exit 64).
@main
enum Entry {
    static func main() async {
        // qmatch runs its own workers, each making single-threaded BLAS calls: set once for the process
        // (`qmatch blas --threads` sets its own for the benchmark).
        BLAS.setThreadCount(1)
        let arguments = Array(CommandLine.arguments.dropFirst())
        let words = commandWords(in: arguments, root: QMatch.self)
        if let message = words.unknown {
            printError("Error: \(message)")
            exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try QMatch.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as UsageError {
            printError("Error: \(error)\nSee '\(words.path.joined(separator: " ")) --help'.")
            exit(ExitCode.validationFailure.rawValue)
        } catch {
            QMatch.exit(withError: error)
        }
    }

    /// The subcommand words that lead `arguments` (`qmatch graph path`), and the message for the first word that
    /// should name a subcommand and does not.
    static func commandWords(in arguments: [String], root: ParsableCommand.Type) -> (path: [String], unknown: String?) {
        var command = root
        var path = [root.configuration.commandName ?? "qmatch"]
        for argument in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !argument.hasPrefix("-"), argument != "help" else { break }
            let names = subcommands.map { [$0.configuration.commandName ?? ""] + $0.configuration.aliases }
            guard let found = names.firstIndex(where: { $0.contains(argument) }) else {
                let nearest = NearestNames.nearest(to: argument, in: names.flatMap { $0 }, count: 1)
                let command = path.joined(separator: " ")
                return (path, "'\(argument)' is not a \(command) command; "
                    + (nearest.first.map { "did you mean '\($0)'?" } ?? "see '\(command) --help'."))
            }
            command = subcommands[found]
            path.append(argument)
        }
        return (path, nil)
    }
}
