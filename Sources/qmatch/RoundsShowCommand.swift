import ArgumentParser
import Foundation
import QMatching
import QProfiles

struct RoundsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One round: its groups, with reasons; csv: `group,member`, one line per participant.")

    @OptionGroup var options: IndexOptions
    @Argument(help: "The round's id.") var id: Int
    @Option(help: "table, csv or json.") var format: OutputFormat = .table

    func run() async throws {
        let (store, view) = try await options.open()
        let round = try await RoundService(store: store, view: view).show(id)
        switch format {
        case .json: print(try jsonText(round))
        case .jsonl: for group in round.groups { print(try jsonText(group, pretty: false)) }
        case .csv:
            print("group,member")
            for group in round.groups { for member in group.members { print(CSVText.row([String(group.number), member.id])) } }
        case .table: Self.printTable(round)
        }
    }

    static func printTable(_ round: RoundView) {
        print("Round \(round.id) \"\(round.name)\": \(round.participants) participants in \(round.groups.count) groups"
            + (round.repeatedPairs > 0 ? " (\(round.repeatedPairs) pairs met before: no other way to place everyone)" : ""))
        for group in round.groups {
            print(String(format: "%4d. ", group.number)
                + group.members.map { "\($0.name.isEmpty ? $0.id : $0.name) (\($0.id))" }.joined(separator: " + ")
                + String(format: "  %.3f", group.weight))
            for reason in group.reasons { print("        - \(reason)") }
        }
        for outcome in round.outcomes { print("  \(outcome.a) and \(outcome.b): \(outcome.outcome)") }
    }
}
