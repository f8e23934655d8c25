import ArgumentParser
import Foundation
import QMatching
import QProfiles

struct GroupsForCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups-for",
        abstract: "Groups a member might join: special interest groups, Q Exchange projects they could help, Lab cohorts.",
        discussion: """
            Ranked by closeness to the group's members' interests and to its description, members the member \
            knows, and (projects) offers that meet the project's keywords; never a group the member is in. \
            `qmatch eval --target groups` measures it.
            """)

    @OptionGroup var options: IndexOptions
    @Argument(help: "The member's id.") var id: String
    @Option(help: "Only this kind: sig, exchange or lab (default: all three).") var kind: GroupKind?
    @Option(help: "How many (1...100).") var limit: Int = 10
    @Option(help: "table, json, jsonl or csv.") var format: OutputFormat = .table

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be 1...100, not \(limit).") }
    }

    func run() async throws {
        let (store, view) = try await options.open()
        let result = try await GroupsForService(store: store, view: view).suggestions(
            for: id, kinds: kind.map { [$0] } ?? GroupsForService.defaultKinds, limit: limit)
        switch format {
        case .json: print(try jsonText(result))
        case .jsonl: for item in result.groups { print(try jsonText(item, pretty: false)) }
        case .csv:
            print("rank,id,name,kind,members,score,reasons")
            for (rank, item) in result.groups.enumerated() {
                print(CSVText.row([String(rank + 1), item.id, item.name, item.kind, String(item.members),
                                   String(format: "%.4f", item.score), item.reasons.joined(separator: "; ")]))
            }
        case .table:
            if result.groups.isEmpty { print("(no groups to suggest)") }
            for (rank, item) in result.groups.enumerated() {
                print(String(format: "%2d. %@ (%@, %@, %d members)  %.3f", rank + 1, item.name, item.id, item.kind,
                             item.members, item.score))
                for reason in item.reasons { print("      - \(reason)") }
            }
        }
    }
}
