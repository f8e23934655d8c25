import Foundation
import Testing

/// `rounds`, `teams` and `groups-for` as a person runs them, on a private copy of the shared community (rounds
/// write to the store).
@Suite(.serialized) struct ProgrammeCLITests {
    /// A copy of the shared community's database and index.
    static func copy() async throws -> (db: [String], directory: URL) {
        let community = try await Community.shared.value
        let directory = try CLI.temporaryDirectory()
        let database = directory.appendingPathComponent("q.sqlite").path
        try FileManager.default.copyItem(atPath: community.database, toPath: database)
        try FileManager.default.copyItem(atPath: community.database.replacingOccurrences(of: ".sqlite", with: ".qindex"),
                                         toPath: directory.appendingPathComponent("q.qindex").path)
        return (["--db", database], directory)
    }

    @Test func roundsNewPrintsItsIDLastAndShowWritesOneLinePerParticipant() async throws {
        let community = try await Community.shared.value
        let (db, directory) = try await Self.copy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let weights = directory.appendingPathComponent("w.tsv").path
        let created = try CLI.run(["rounds", "new", "--name", "coffee-1", "--group", "q-coffee", "--mix", "nation,sector",
                                   "--weights-out", weights] + db)
        #expect(created.status == 0, "\(created)")
        let id = try #require(created.lines.last.flatMap { Int($0) }, "\(created)")
        let shown = try CLI.run(["rounds", "show", String(id), "--format", "csv"] + db)
        #expect(shown.lines.first == "group,member", "\(shown)")
        let rows = shown.lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.map { $0[1] }.sorted() == community.visibleMembers(ofGroup: "q-coffee").sorted())
        #expect(rows.map { Int($0[0]) ?? 0 }.min() == 1)
        let lines = try String(contentsOfFile: weights, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(!lines.isEmpty && lines.allSatisfy { $0.split(separator: "\t").count == 3 })
        // A second round repeats no pair; both are listed.
        let second = try CLI.run(["rounds", "new", "--name", "coffee-2", "--group", "q-coffee"] + db)
        #expect(second.status == 0)
        let listed = try CLI.run(["rounds", "list", "--format", "csv"] + db)
        #expect(listed.lines.count == 3, "\(listed)")
        let pair = rows.filter { $0[0] == "1" }.map { $0[1] }
        let recorded = try CLI.run(["rounds", "record", String(id), pair[0], pair[1], "did-not-meet"] + db)
        #expect(recorded.status == 0, "\(recorded)")
    }

    @Test func badInputGetsAClearMessageAndChangesNothing() async throws {
        let (db, directory) = try await Self.copy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let community = try await Community.shared.value
        let member = community.someMember
        let outsiders = community.visibleIDs.filter { !community.visibleMembers(ofGroup: "q-coffee").contains($0) }
        let cases: [([String], Int32, String)] = [
            (["rounds", "new", "--name", "x", "--group", "q-cofee"], 1, "no group 'q-cofee' (did you mean q-coffee"),
            (["rounds", "new", "--name", "x", "--group", "q-coffee", "--size", "4"], 64, "--size must be 2 or 3"),
            (["rounds", "new", "--name", "x"], 64, "Give --group or --members"),
            (["rounds", "new", "--name", "x", "--group", "q-coffee", "--mix", "planet"], 64, "unknown field 'planet'"),
            (["rounds", "show", "9999"], 1, "no round '9999'"),
            (["rounds", "record", "9999", member, community.visibleIDs[1], "met"], 1, "no round '9999'"),
            (["rounds", "record", "1", member, member, "met"], 64, "two different members"),
            (["rounds", "record", "1", member, community.visibleIDs[1], "maybe"], 64, "met or did-not-meet"),
            (["teams", "--group", "q-coffee", "--size", "0..2"], 64, "--size must be MIN..MAX"),
            (["teams", "--group", "q-coffee", "--size", "500..600"], 64, "cannot partition"),
            (["teams", "--group", "q-coffee", "--teams", "3", "--together", "\(outsiders[0]),\(outsiders[1])"], 64, "not in the pool"),
            (["teams", "--group", "nope", "--teams", "2"], 1, "no group 'nope'"),
            (["groups-for", "nobody-here"], 1, "no member 'nobody-here'"),
            (["groups-for", member, "--limit", "0"], 64, "--limit must be 1...100"),
        ]
        for (arguments, status, message) in cases {
            let output = try CLI.run(arguments + db)
            #expect(output.status == status, "\(arguments): \(output)")
            #expect(output.stderr.contains(message), "\(arguments): \(output)")
        }
        let pool = community.visibleMembers(ofGroup: "q-coffee")
        let contradictory = try CLI.run(["teams", "--group", "q-coffee", "--teams", "3", "--together", "\(pool[0]),\(pool[1])",
                                         "--apart", "\(pool[0]),\(pool[1])"] + db)
        #expect(contradictory.status == 64 && contradictory.stderr.contains("contradict"), "\(contradictory)")
        let listed = try CLI.run(["rounds", "list", "--format", "csv"] + db)
        #expect(listed.lines == ["id,name,group,size,created,participants,groups,met"], "nothing was stored: \(listed)")
    }

    @Test func teamsAndGroupsForAnswer() async throws {
        let (db, directory) = try await Self.copy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let community = try await Community.shared.value
        let teams = try CLI.run(["teams", "--group", "q-coffee", "--size", "5..7", "--cover", "falls;sepsis",
                                 "--spread", "nation,sector,role", "--format", "json"] + db)
        #expect(teams.status == 0, "\(teams)")
        let object = try #require(try CLI.json(teams) as? [String: Any])
        #expect((object["methods"] as? [[String: Any]])?.map { $0["method"] as? String } == ["optimised", "greedy", "random"])
        let groups = try CLI.run(["groups-for", community.someMember, "--format", "json"] + db)
        #expect(groups.status == 0, "\(groups)")
    }
}
