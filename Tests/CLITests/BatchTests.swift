import Foundation
import Testing

/// `recommend --all --shard I/N`: the shards partition the members exactly, and their outputs concatenated in
/// shard order are the output of one run, line for line.
@Suite struct BatchTests {
    @Test func shardsPartitionTheMembers() async throws {
        let community = try await Community.shared.value
        let whole = try CLI.run(["recommend", "--all", "--limit", "3"] + community.db)
        try #require(whole.status == 0, "\(whole)")
        let lines = whole.lines
        #expect(lines.count == community.members.count, "one line per member of the index")
        for count in [2, 3] { try Self.check(lines, shards: count, community) }
    }

    static func check(_ lines: [String], shards count: Int, _ community: Community) throws {
        var seen: [String: Int] = [:]
        var union: [String] = []
        for shard in 1...count {
            let output = try CLI.run(["recommend", "--all", "--limit", "3", "--shard", "\(shard)/\(count)",
                                      "--format", "jsonl"] + community.db)
            try #require(output.status == 0, "\(output)")
            #expect(!output.lines.isEmpty, "shard \(shard)/\(count) is empty")
            for line in try CLI.jsonLines(output) {
                let member = try #require(line["member"] as? String)
                #expect(seen[member] == nil, "\(member) is in shards \(seen[member] ?? 0) and \(shard)")
                seen[member] = shard
                let recommendations = try #require(line["recommendations"] as? [[String: Any]])
                #expect(recommendations.count <= 3)
                for item in recommendations {
                    #expect(item["id"] is String && item["score"] is NSNumber && item["reasons"] is [String])
                }
            }
            union += output.lines
        }
        #expect(union == lines, "the shards' outputs, concatenated in order, are the whole run, line for line")
    }
}
