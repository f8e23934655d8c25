import ArgumentParser
import Foundation
import QProfiles

struct RoundsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The rounds, oldest first.")

    @OptionGroup var store: StoreOptions
    @Option(help: "table, json, jsonl or csv.") var format: OutputFormat = .table

    func run() async throws {
        let rounds = try await store.openExisting().rounds()
        switch format {
        case .json: print(try jsonText(["rounds": rounds]))
        case .jsonl: for round in rounds { print(try jsonText(round, pretty: false)) }
        case .csv:
            print("id,name,group,size,created,participants,groups,met")
            for r in rounds {
                print(CSVText.row([String(r.id), r.name, r.group ?? "", String(r.size), r.created, String(r.participants),
                                   String(r.groups), String(r.met)]))
            }
        case .table:
            if rounds.isEmpty { print("no rounds yet; `qmatch rounds new` plans one"); return }
            print("  id  participants  groups  met  created               name")
            for r in rounds {
                print(String(format: "%4d  %12d  %6d  %3d  ", r.id, r.participants, r.groups, r.met)
                    + r.created.padding(toLength: 20, withPad: " ", startingAt: 0) + "  " + r.name
                    + (r.group.map { " (\($0))" } ?? ""))
            }
        }
    }
}
