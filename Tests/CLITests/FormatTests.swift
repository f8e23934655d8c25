import Foundation
import Testing

/// Every command lists the formats it takes in its help, and takes every format it lists: JSON decodes,
/// every JSON line decodes, CSV parses with a header, TSV has tab-separated lines.
@Suite struct FormatTests {
    /// A command with `--format`: the words that name it and the arguments it needs.
    struct Invocation: CustomTestStringConvertible, Sendable {
        let command: [String]
        let arguments: @Sendable (Community) -> [String]
        var testDescription: String { command.joined(separator: " ") }
    }

    static let invocations: [Invocation] = [
        .init(command: ["similar"]) { [$0.someMember, "--limit", "5"] + $0.db },
        .init(command: ["search"]) { ["improvement coaching and patient safety", "--limit", "5"] + $0.db },
        .init(command: ["recommend"]) { [$0.someMember, "--limit", "5"] + $0.db },
        .init(command: ["recruit"]) { ["--text", "peer support for staff wellbeing", "--limit", "5"] + $0.db },
        .init(command: ["stats"]) { $0.db },
        .init(command: ["groups"]) { $0.db },
        .init(command: ["show"]) { [$0.someMember] + $0.db },
        .init(command: ["graph", "scores"]) { ["--source", $0.someMember, "--method", "adamic-adar"] + $0.db },
        .init(command: ["graph", "stats"]) { $0.db },
        .init(command: ["graph", "communities"]) { $0.db },
        .init(command: ["graph", "path"]) { community in
            let ids = community.visibleIDs
            return [ids[0], ids[ids.count / 2]] + community.db
        },
    ]

    /// The values `--format` takes, as the command's help lists them.
    static func listedFormats(_ command: [String]) throws -> [String] {
        let help = try CLI.run(command + ["--help"])
        #expect(help.status == 0)
        let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard let options = flat.range(of: "OPTIONS:"),
              let option = flat[options.upperBound...].range(of: "--format <format>"),
              let values = flat[option.upperBound...].range(of: "(values: "),
              let end = flat[values.upperBound...].firstIndex(where: { $0 == ";" || $0 == ")" }) else {
            Issue.record("\(command): no --format values in the help:\n\(help.stdout)")
            return []
        }
        return flat[values.upperBound..<end].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test(arguments: invocations)
    func takesEveryFormatItLists(_ invocation: Invocation) async throws {
        let community = try await Community.shared.value
        let formats = try Self.listedFormats(invocation.command)
        #expect(formats.contains("table") && formats.contains("json"), "\(formats)")
        for format in formats {
            let output = try CLI.run(invocation.command + invocation.arguments(community) + ["--format", format])
            try #require(output.status == 0, "\(invocation.testDescription) --format \(format): \(output)")
            #expect(!output.stdout.isEmpty, "\(format)")
            switch format {
            case "json": #expect(try CLI.json(output) is [String: Any], "\(format): \(output)")
            case "jsonl": #expect(try !CLI.jsonLines(output).isEmpty)
            case "csv":
                let table = try CLI.csvRows(output)
                #expect(!table.columns.isEmpty && !table.rows.isEmpty, "\(output)")
            case "tsv": #expect(output.lines.allSatisfy { $0.contains("\t") }, "\(output)")
            case "table": break
            default: Issue.record("unexpected format \(format)")
            }
        }
    }

    @Test func documentCommandsListOnlyWhatTheyTake() throws {
        #expect(try Self.listedFormats(["stats"]) == ["table", "json"])
        #expect(try Self.listedFormats(["recruit"]) == ["table", "json", "jsonl", "csv"])
    }

    @Test func similarInEveryFormatGivesTheSameMembers() async throws {
        let community = try await Community.shared.value
        let base = ["similar", community.someMember, "--limit", "7"] + community.db
        let json = try #require(try CLI.json(try CLI.run(base + ["--format", "json"])) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        let ids = results.compactMap { $0["id"] as? String }
        #expect(ids.count == 7)
        #expect(json["member"] as? String == community.someMember)
        #expect(Set(ids).isSubset(of: community.visibleIDs) && !ids.contains(community.someMember))
        #expect(results.map { $0["rank"] as? Int } == (1...7).map { $0 })
        let lines = try CLI.jsonLines(try CLI.run(base + ["--format", "jsonl"]))
        #expect(lines.compactMap { $0["id"] as? String } == ids)
        let csv = try CLI.csvRows(try CLI.run(base + ["--format", "csv"]))
        #expect(csv.columns == ["rank", "id", "name", "score", "reasons"])
        #expect(csv.rows.compactMap { $0["id"] } == ids)
        #expect(csv.rows.compactMap { $0["name"] } == ids.map { community.members[$0]?["name"] ?? "?" })
    }

    @Test func recruitRowsInCSVAndJSONLines() async throws {
        let community = try await Community.shared.value
        let group = try #require(community.groups.keys.sorted().first { community.visibleMembers(ofGroup: $0).count >= 3 })
        let recruit = ["recruit", "--group", group, "--limit", "6"] + community.db
        let json = try #require(try CLI.json(try CLI.run(recruit + ["--format", "json"])) as? [String: Any])
        let ids = try #require(json["recruits"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(!ids.isEmpty && Set(ids).isDisjoint(with: community.visibleMembers(ofGroup: group)))
        #expect(Set(ids).isSubset(of: community.visibleIDs))
        #expect(try CLI.csvRows(try CLI.run(recruit + ["--format", "csv"])).rows.compactMap { $0["id"] } == ids)
        #expect(try CLI.jsonLines(try CLI.run(recruit + ["--format", "jsonl"])).compactMap { $0["id"] as? String } == ids)
    }

    /// `eval` in each format it lists, on a community small enough to evaluate quickly in a debug build; the
    /// table's header names the blend once.
    @Test func evalTakesEveryFormatItLists() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("q.sqlite").path
        let data = directory.appendingPathComponent("data").path
        #expect(try CLI.run(["generate", "--members", "80", "--seed", "3", "--out", data]).status == 0)
        #expect(try CLI.run(["import", data, "--db", database]).status == 0)
        let eval = ["eval", "--max-members", "10", "--dimension", "16", "--k", "5", "--db", database]
        #expect(try Self.listedFormats(["eval"]) == ["table", "json", "jsonl", "csv"])

        let table = try CLI.run(eval)
        try #require(table.status == 0, "\(table)")
        let header = try #require(table.lines.first)
        #expect(header.components(separatedBy: "blend").count == 2, "one 'blend' in: \(header)")
        #expect(header.contains("blend: "), "\(header)")

        let json = try #require(try CLI.json(try CLI.run(eval + ["--format", "json"])) as? [String: Any])
        let methods = try #require(json["rows"] as? [[String: Any]]).compactMap { $0["method"] as? String }
        #expect(methods.contains("fitted-blend") && methods.contains("random"), "\(methods)")

        let csv = try CLI.run(eval + ["--format", "csv"])
        let rows = try CLI.csvRows(csv)
        #expect(rows.columns.first == "method" && rows.columns.contains("recall"))
        #expect(rows.rows.compactMap { $0["method"] } == methods)
        #expect(rows.rows.allSatisfy { Double($0["recall"] ?? "") != nil })
        #expect(csv.stderr.contains("holdout"), "the set-up goes to standard error: \(csv)")
        let lines = try CLI.jsonLines(try CLI.run(eval + ["--format", "jsonl"]))
        #expect(lines.compactMap { $0["method"] as? String } == methods)
    }

    @Test func groupsListsCountsOfDiscoverableMembers() async throws {
        let community = try await Community.shared.value
        let csv = try CLI.csvRows(try CLI.run(["groups", "--format", "csv"] + community.db))
        #expect(csv.columns == ["id", "name", "kind", "members", "description", "keywords"])
        #expect(Set(csv.rows.compactMap { $0["id"] }) == Set(community.groups.keys))
        for row in csv.rows {
            let id = try #require(row["id"])
            #expect(Int(row["members"] ?? "") == community.visibleMembers(ofGroup: id).count, "\(id)")
        }
        let sigs = try CLI.jsonLines(try CLI.run(["groups", "--kind", "sig", "--format", "jsonl"] + community.db))
        #expect(!sigs.isEmpty && sigs.allSatisfy { $0["kind"] as? String == "sig" })
        #expect(sigs.count == community.groups.values.filter { $0["kind"] == "sig" }.count)

        let group = try #require(community.groups.values.first { ($0["name"] ?? "").split(separator: " ").count >= 2 })
        let words = (group["name"] ?? "").uppercased()
        let found = try #require(try CLI.json(try CLI.run(["groups", "--search", words, "--format", "json"] + community.db))
            as? [String: Any])
        let ids = try #require(found["groups"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids.contains(group["id"] ?? ""), "\(words) → \(ids)")
        #expect(ids.count < community.groups.count)
        let none = try CLI.run(["groups", "--search", "no such words anywhere"] + community.db)
        #expect(none.status == 0 && none.stdout.isEmpty && none.stderr.contains("no group matches"), "\(none)")
    }

    @Test func showGivesAMemberAsOthersSeeThemAndAGroup() async throws {
        let community = try await Community.shared.value
        let id = community.someMember
        let member = try #require(community.members[id])
        let json = try #require(try CLI.json(try CLI.run(["show", id, "--format", "json"] + community.db)) as? [String: Any])
        #expect(json["id"] as? String == id)
        #expect(json["name"] as? String == member["name"])
        #expect(json["challenge"] as? String == member["challenge"])
        #expect(json["discoverable"] == nil)
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(groups.compactMap { $0["id"] as? String } == (member["groups"] ?? "").split(separator: ";").map(String.init))
        let csv = try CLI.csvRows(try CLI.run(["show", id, "--format", "csv"] + community.db))
        #expect(csv.rows.count == 1 && csv.rows[0]["topics"] == member["topics"])
        let table = try CLI.run(["show", id] + community.db)
        #expect(table.stdout.contains(member["name"] ?? "?") && table.stdout.contains("working on:"))

        let groupID = try #require(community.groups.keys.sorted().first)
        let shown = try #require(try CLI.json(try CLI.run(["show", groupID, "--format", "json"] + community.db))
            as? [String: Any])
        #expect(shown["name"] as? String == community.groups[groupID]?["name"])
        #expect(shown["kind"] as? String == community.groups[groupID]?["kind"])
        #expect(shown["members"] as? Int == community.visibleMembers(ofGroup: groupID).count)
        #expect(shown["keywords"] is [String])
    }
}
