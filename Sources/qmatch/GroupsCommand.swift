import ArgumentParser
import Foundation
import QProfiles

/// `qmatch groups`: the groups, to find one's id.
struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "List the groups (special interest groups, Lab cohorts, Exchange projects, events), to find an id.",
        discussion: """
            --search keeps the groups whose id, name, description or keywords contain every word of TEXT (any \
            case; hyphens and spaces alike). members: how many discoverable members the group has.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "Only groups of this kind: sig, lab, exchange, event, programme or other.") var kind: GroupKind?
    @Option(help: ArgumentHelp("Only groups matching every word of TEXT.", valueName: "text")) var search: String?
    @Option(help: "table, json, jsonl or csv.") var format: OutputFormat = .table

    func run() async throws {
        let profiles = try await store.openExisting()
        let sizes = try await profiles.discoverableGroupSizes()
        let words = search.map { FieldValues.key($0).split(separator: " ").map(String.init) } ?? []
        let groups = try await profiles.groups().filter { group in
            guard kind == nil || group.kind == kind else { return false }
            let text = FieldValues.key(([group.id, group.name, group.description] + group.keywords).joined(separator: " "))
            return words.allSatisfy { text.contains($0) }
        }.map { GroupSummary($0, members: sizes[$0.id] ?? 0) }
        switch format {
        case .json: print(try jsonText(["groups": groups]))
        case .jsonl: for group in groups { print(try jsonText(group, pretty: false)) }
        case .csv:
            print(CSVText.row(GroupSummary.columns))
            for group in groups { print(CSVText.row(group.fields)) }
        case .table:
            if groups.isEmpty {
                printError("no group matches" + (kind.map { " kind \($0.rawValue)" } ?? "")
                    + (search.map { " '\($0)'" } ?? "") + "; `qmatch groups` lists them all")
                return
            }
            let idWidth = groups.map(\.id.count).max() ?? 0
            print("id".padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  kind      members  name")
            for group in groups {
                print(group.id.padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  "
                    + group.kind.padding(toLength: 8, withPad: " ", startingAt: 0) + String(format: "  %7d  ", group.members)
                    + group.name)
            }
        }
    }
}

extension GroupKind: ExpressibleByArgument {}

/// A group as anyone may see it, with its count of discoverable members (`groups`, `show`).
struct GroupSummary: Encodable {
    let id: String
    let name: String
    let kind: String
    let description: String
    let keywords: [String]
    let members: Int

    init(_ group: Group, members: Int) {
        id = group.id
        name = group.name
        kind = group.kind.rawValue
        description = group.description
        keywords = group.keywords
        self.members = members
    }

    static let columns = ["id", "name", "kind", "members", "description", "keywords"]
    var fields: [String] { [id, name, kind, String(members), description, keywords.joined(separator: ";")] }

    /// The group as a person reads it.
    var text: String {
        var lines = ["\(name.isEmpty ? id : name) (\(id)), \(kind)"]
        if !description.isEmpty { lines.append("  " + description) }
        if !keywords.isEmpty { lines.append("  keywords: " + keywords.joined(separator: ", ")) }
        lines.append("  members: \(members) discoverable")
        return lines.joined(separator: "\n")
    }
}
