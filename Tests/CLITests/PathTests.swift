import Foundation
import Testing

/// `qmatch graph path`: chains of real connections first, each hop saying what it is, with names, through
/// discoverable members only.
@Suite struct PathTests {
    @Test func chainsNameEveryoneAndSayWhatEachHopIs() async throws {
        let community = try await Community.shared.value
        let hidden = Set(community.hiddenIDs)
        let ids = community.visibleIDs
        var checked = 0, throughConnections = 0
        for (a, b) in zip(ids.prefix(12), ids.suffix(12)) where a != b {
            let output = try CLI.run(["graph", "path", a, b, "--format", "json"] + community.db)
            #expect(output.status == 0, "\(output)")
            let object = try #require(try CLI.json(output) as? [String: Any])
            let chains = try #require(object["chains"] as? [[[String: Any]]])
            let throughGroups = try #require(object["throughGroups"] as? Bool)
            for chain in chains {
                #expect(chain.first?["id"] as? String == a && chain.last?["id"] as? String == b)
                for (position, step) in chain.enumerated() {
                    let id = try #require(step["id"] as? String)
                    #expect(position == 0 || !hidden.contains(id), "a hidden member on a chain: \(id)")
                    #expect(step["name"] as? String != nil, "every member on a chain is named")
                    let via = step["via"] as? String
                    if position == 0 { #expect(via == nil) } else {
                        #expect(via == "connection" || via?.hasPrefix("shared group: ") == true)
                        // Chains through fellow group members only when no chain of connections exists.
                        if !throughGroups { #expect(via == "connection") }
                    }
                }
            }
            if !chains.isEmpty { checked += 1 }
            if !chains.isEmpty && !throughGroups { throughConnections += 1 }
        }
        #expect(checked > 0 && throughConnections > 0)
        // The table marks the hops.
        let table = try CLI.run(["graph", "path", ids[0], ids[ids.count - 1]] + community.db)
        #expect(table.status == 0)
        #expect(table.stdout.contains("→") || table.stdout.contains("no chain"))
    }
}
