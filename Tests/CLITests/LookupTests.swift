import Foundation
import Testing

/// Not-found messages worded one way with suggestions of discoverable members only; filters and quotas on
/// unknown values are usage errors listing the valid values; the forms the output shows are accepted.
@Suite struct LookupTests {
    /// The ids a not-found message suggests (`… (did you mean a, b or c?)`).
    static func suggestions(_ message: String) -> [String] {
        guard let start = message.range(of: "did you mean "), let end = message[start.upperBound...].firstIndex(of: "?")
        else { return [] }
        return message[start.upperBound..<end].replacingOccurrences(of: " or ", with: ", ")
            .components(separatedBy: ", ").map { String($0.split(separator: " ").first ?? "") }
    }

    @Test func mistypedIDsSuggestTheNearest() async throws {
        let community = try await Community.shared.value
        let id = community.someMember   // m000NNN
        let typo = String(id.prefix(2) + id.dropFirst(3))   // one zero fewer
        for command in [["similar", typo], ["recommend", typo], ["show", typo], ["graph", "path", id, typo]] {
            let output = try CLI.run(command + community.db)
            #expect(output.status == 1, "\(command): \(output)")
            let what = command[0] == "show" ? "member or group" : "member"
            #expect(output.stderr.contains("no \(what) '\(typo)' (did you mean "), "\(command): \(output)")
            let suggested = Self.suggestions(output.stderr)
            #expect(!suggested.isEmpty && Set(suggested).isSubset(of: community.visibleIDs), "\(output)")
        }
        let group = try #require(community.groups.keys.sorted().first { $0.count > 6 })
        let output = try CLI.run(["recruit", "--group", String(group.dropLast())] + community.db)
        #expect(output.status == 1)
        #expect(output.stderr.contains("no group '\(group.dropLast())' (did you mean \(group)"), "\(output)")
    }

    @Test func hiddenMembersAreUnknownAndNeverSuggested() async throws {
        let community = try await Community.shared.value
        let hidden = community.hiddenIDs
        try #require(!hidden.isEmpty, "the generated community has no hidden member")
        for id in hidden.prefix(4) {
            let shown = try CLI.run(["show", id] + community.db)
            #expect(shown.status == 1 && shown.stdout.isEmpty, "\(shown)")
            #expect(shown.stderr.hasPrefix("Error: no member or group '\(id)'"), "\(shown)")
            let path = try CLI.run(["graph", "path", community.someMember, id] + community.db)
            #expect(path.status == 1 && path.stderr.contains("no member '\(id)'"), "\(path)")
        }
        // A typo of a hidden id, whose nearest ids include it: suggestions name only discoverable members.
        for id in hidden {
            let typo = id + "x"
            let output = try CLI.run(["show", typo] + community.db)
            #expect(output.status == 1)
            let suggested = Self.suggestions(output.stderr)
            #expect(Set(suggested).isDisjoint(with: hidden), "\(typo) suggests a hidden member: \(output)")
            #expect(Set(suggested).isSubset(of: community.visibleIDs), "\(output)")
        }
    }

    @Test func filtersTakeTheFormsTheOutputShows() async throws {
        let community = try await Community.shared.value
        let visible = community.visibleIDs.compactMap { community.members[$0] }
        let role = try #require(visible.compactMap { $0["role"] }.first { $0.contains("-") })   // e.g. patient-leader
        let sector = try #require(visible.compactMap { $0["sector"] }.first { !$0.isEmpty })
        for (option, field, typed) in [("--role", "role", role.replacingOccurrences(of: "-", with: " ")),
                                       ("--role", "role", role.uppercased()),
                                       ("--sector", "sector", sector.replacingOccurrences(of: "-", with: " ").capitalized)] {
            let output = try CLI.run(["recommend", community.someMember, option, typed, "--limit", "5", "--format", "json"]
                + community.db)
            try #require(output.status == 0, "\(option) \(typed): \(output)")
            let json = try #require(try CLI.json(output) as? [String: Any])
            let ids = try #require(json["recommendations"] as? [[String: Any]]).compactMap { $0["id"] as? String }
            #expect(!ids.isEmpty, "\(option) \(typed) finds nobody")
            let wanted = field == "role" ? role : sector
            for id in ids { #expect(community.members[id]?[field] == wanted, "\(id) is not \(wanted)") }
        }
        let group = try #require(community.groups.values.first { !($0["name"] ?? "").isEmpty })
        let byName = try CLI.run(["recommend", community.someMember, "--group", (group["name"] ?? "").lowercased()]
            + community.db)
        #expect(byName.status == 0, "\(byName)")
    }

    @Test(arguments: [("--region", "Atlantis", "region"), ("--sector", "hospitality", "sector"),
                      ("--role", "wizard", "role"), ("--group", "sig-nothing-like-this", "group")])
    func unknownFilterValuesAreUsageErrors(_ option: String, _ value: String, _ field: String) async throws {
        let community = try await Community.shared.value
        let output = try CLI.run(["recommend", community.someMember, option, value] + community.db)
        #expect(output.status == 64, "\(output)")
        #expect(output.stderr.contains("\(option): no \(field) '\(value)'"), "\(output)")
        guard field != "group" else { return }
        let values = Set(community.visibleIDs.compactMap { community.members[$0]?[field] }).subtracting([""])
        #expect(output.stderr.contains("valid: "), "\(output)")
        if values.count <= 20 {
            for valid in values { #expect(output.stderr.contains(valid), "\(valid) not listed: \(output)") }
        }
    }

    @Test func quotasOnUnknownFieldsOrValuesAreUsageErrors() async throws {
        let community = try await Community.shared.value
        let base = ["recruit", "--text", "peer support for staff"] + community.db
        let field = try CLI.run(base + ["--quota", "colour=blue:2"])
        #expect(field.status == 64, "\(field)")
        #expect(field.stderr.contains("no field 'colour' (valid: region, nation, sector, role"), "\(field)")
        #expect(field.stderr.hasSuffix("See 'qmatch recruit --help'.\n"), "points to the command's help: \(field)")
        let value = try CLI.run(base + ["--quota", "nation=Atlantis:1"])
        #expect(value.status == 64, "\(value)")
        #expect(value.stderr.contains("no nation 'Atlantis' (valid: ") && value.stderr.contains("England"), "\(value)")
        let good = try CLI.run(base + ["--quota", "nation=wales:1", "--format", "json"])
        #expect(good.status == 0, "\(good)")
        let json = try #require(try CLI.json(good) as? [String: Any])
        let quotas = try #require(json["quotas"] as? [[String: Any]])
        #expect(quotas.first?["quota"] as? String == "nation=Wales:1", "resolved to the stored form: \(quotas)")
    }

    @Test func searchThatFindsNothingSaysWhy() async throws {
        let community = try await Community.shared.value
        let output = try CLI.run(["search", "xylophone quuxification"] + community.db)
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.isEmpty, "\(output)")
        #expect(output.stderr.contains("no discoverable member's profile holds these words"), "\(output)")
        let json = try CLI.run(["search", "xylophone quuxification", "--format", "json"] + community.db)
        let results = try #require(try CLI.json(json) as? [String: Any])["results"] as? [Any]
        #expect(results?.isEmpty == true)
    }
}
