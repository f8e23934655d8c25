import ArgumentParser
import Foundation
import QProfiles

/// `qmatch show ID`: a member's profile as another member sees it, or a group.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A member's profile as another member sees it, or a group (its members counted).",
        discussion: """
            ID is a member's id or a group's id (a member first). A member who is not discoverable is shown to \
            no one: the answer is the same as for an unknown id.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "A member's or a group's id.") var id: String
    @Option(help: "table, json, jsonl or csv.") var format: OutputFormat = .table

    func run() async throws {
        let profiles = try await store.openExisting()
        if let member = try await profiles.member(id), member.discoverable {
            let groups = try await profiles.groupNames(member.groups)
            print(try render(MemberProfile(member, groupNames: groups)))
        } else if let group = try await profiles.groups().first(where: { $0.id == id }) {
            let members = try await profiles.discoverableGroupSizes()[group.id] ?? 0
            print(try render(GroupSummary(group, members: members)))
        } else {
            let suggestions = try await profiles.memberSuggestions(for: id) + profiles.groupSuggestions(for: id)
            throw ProfileError.notFound(NotFoundMessage.text("member or group", id,
                                                             suggestions: Array(suggestions.prefix(3))))
        }
    }

    func render(_ profile: MemberProfile) throws -> String {
        switch format {
        case .json: try jsonText(profile)
        case .jsonl: try jsonText(profile, pretty: false)
        case .csv: CSVText.row(profile.columns) + "\n" + CSVText.row(profile.fields)
        case .table: profile.text
        }
    }

    func render(_ group: GroupSummary) throws -> String {
        switch format {
        case .json: try jsonText(group)
        case .jsonl: try jsonText(group, pretty: false)
        case .csv: CSVText.row(GroupSummary.columns) + "\n" + CSVText.row(group.fields)
        case .table: group.text
        }
    }
}

/// What another member may see of a discoverable member: the profile, with group names and nation.
struct MemberProfile: Encodable {
    struct GroupName: Encodable {
        let id: String
        let name: String
    }
    let id: String
    let name: String
    let role: String
    let sector: String
    let region: String
    let nation: String
    let organisation: String
    let topics: [String]
    let methods: [String]
    let offers: [String]
    let needs: [String]
    let groups: [GroupName]
    let challenge: String
    let bio: String
    let joined: String?
    /// Extra attribute columns other than `nation`.
    let attributes: [String: String]

    init(_ member: Member, groupNames: [String: String]) {
        id = member.id
        name = member.name
        role = member.role
        sector = member.sector
        region = member.region
        nation = Geography.nation(of: member)
        organisation = member.organisation
        topics = member.topics
        methods = member.methods
        offers = member.offers
        needs = member.needs
        groups = member.groups.map { GroupName(id: $0, name: groupNames[$0] ?? "") }
        challenge = member.challenge
        bio = member.bio
        joined = member.joined
        attributes = member.attributes.filter { $0.key != "nation" }
    }

    var columns: [String] {
        ["id", "name", "role", "sector", "region", "nation", "organisation", "topics", "methods", "offers", "needs",
         "groups", "challenge", "bio", "joined"] + attributes.keys.sorted()
    }

    var fields: [String] {
        [id, name, role, sector, region, nation, organisation, topics.joined(separator: ";"),
         methods.joined(separator: ";"), offers.joined(separator: ";"), needs.joined(separator: ";"),
         groups.map(\.id).joined(separator: ";"), challenge, bio, joined ?? ""]
            + attributes.keys.sorted().map { attributes[$0] ?? "" }
    }

    /// The profile as a person reads it.
    var text: String {
        func readable(_ value: String) -> String { value.replacingOccurrences(of: "-", with: " ") }
        var lines = ["\(name.isEmpty ? id : name) (\(id))"]
        let place = [("role", readable(role)), ("sector", readable(sector)),
                     ("region", region + (nation.isEmpty || nation == region ? "" : " (\(nation))"))]
            .filter { !$0.1.isEmpty }.map { "\($0): \($1)" }
        if !place.isEmpty { lines.append("  " + place.joined(separator: " · ")) }
        if !organisation.isEmpty { lines.append("  " + organisation) }
        if !challenge.isEmpty { lines.append("  working on: " + challenge) }
        for (label, items) in [("interests", topics), ("methods", methods), ("can help with", offers),
                               ("looking for help with", needs)] where !items.isEmpty {
            lines.append("  \(label): " + items.joined(separator: ", "))
        }
        if !groups.isEmpty {
            lines.append("  groups: " + groups.map { $0.name.isEmpty ? $0.id : "\($0.name) (\($0.id))" }
                .joined(separator: ", "))
        }
        for (name, value) in attributes.sorted(by: { $0.key < $1.key }) { lines.append("  \(name): \(value)") }
        if let joined { lines.append("  joined: " + joined) }
        if !bio.isEmpty { lines.append("\n" + bio) }
        return lines.joined(separator: "\n")
    }
}
