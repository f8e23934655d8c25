import ArgumentParser
import Foundation
import QGraph
import QMatching
import QProfiles

/// `qmatch graph path A B`: who could introduce A to B.
struct GraphPathCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "The shortest chains of up to 3 ties from one member to another, through discoverable members.",
        discussion: "Strongest chains first (by their weakest tie). tsv: one chain per line, ids separated by tabs.")

    @OptionGroup var input: GraphInputOptions

    @Argument(help: "The member asking.") var from: String
    @Argument(help: "The member to reach.") var to: String

    @Option(help: "The most chains to list (1-1000).")
    var limit = 10

    @Option(help: "table, tsv or json.")
    var format: GraphOutputFormat = .table

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1...1000, not \(limit).") }
    }

    func run() async throws {
        guard input.edges == nil else {
            let graph = try await input.load()
            try graph.checkMember(from, asking: true)
            try graph.checkMember(to, asking: false)
            let found = try input.timed("path") { try graph.introductions(from: from, to: to, limit: limit) }
            try show(found, chains: found.paths.map { $0.map { Step(id: $0, name: nil, via: nil) } }, throughGroups: false)
            return
        }
        // Real connections first; shared-group ties only when no chain of connections exists, and marked.
        let store = try await input.store.openExisting()
        var connectionsOnly = GraphBuilder()
        connectionsOnly.groupWeight = 0
        let ties = try await connectionsOnly.build(from: store)
        try ties.checkMember(from, asking: true)
        try ties.checkMember(to, asking: false)
        var found = try input.timed("path") { try ties.introductions(from: from, to: to, limit: limit) }
        var throughGroups = false
        if found.hops == nil {
            let withGroups = try await GraphBuilder().build(from: store)
            found = try input.timed("path through groups") { try withGroups.introductions(from: from, to: to, limit: limit) }
            throughGroups = found.hops != nil
        }
        let people = try await store.members(Array(Set(found.paths.flatMap { $0 })))
        let groupNames = try await store.groupNames()
        let chains = found.paths.map { path in
            path.enumerated().map { position, id -> Step in
                let name = people[id].flatMap { $0.discoverable || id == from ? $0.name : nil }
                guard position > 0 else { return Step(id: id, name: name, via: nil) }
                let previous = path[position - 1]
                if let a = ties.node(of: previous), let b = ties.node(of: id), ties.graph.weight(between: a, and: b) != nil {
                    return Step(id: id, name: name, via: "connection")
                }
                let shared = Set(people[previous]?.groups ?? []).intersection(people[id]?.groups ?? []).sorted()
                let group = shared.first.map { groupNames[$0].flatMap { $0.isEmpty ? nil : $0 } ?? $0 } ?? "a group"
                return Step(id: id, name: name, via: "shared group: \(group)")
            }
        }
        try show(found, chains: chains, throughGroups: throughGroups)
    }

    /// One member on a chain, and how the chain reached them.
    struct Step: Encodable {
        let id: String
        let name: String?
        /// "connection", or "shared group: NAME" (members of one group who are not connected); nil for the first.
        let via: String?
    }

    struct Output: Encodable {
        let from: String
        let to: String
        let hops: Int?
        let totalCount: Int
        let throughGroups: Bool
        let paths: [[String]]
        let chains: [[Step]]
    }

    func show(_ found: ConnectionGraph.Introductions, chains: [[Step]], throughGroups: Bool) throws {
        switch format {
        case .json:
            print(try jsonText(Output(from: from, to: to, hops: found.hops, totalCount: found.totalCount,
                                      throughGroups: throughGroups, paths: found.paths, chains: chains)))
        case .tsv: for path in found.paths { print(path.joined(separator: "\t")) }
        case .table:
            guard let hops = found.hops else {
                print("no chain of up to 3 ties from \(from) to \(to)")
                return
            }
            print("\(from) to \(to): \(hops) tie\(hops == 1 ? "" : "s"), \(found.totalCount) shortest chain"
                + (found.totalCount == 1 ? "" : "s")
                + (throughGroups ? " (no chain of connections: these go through fellow group members)" : ""))
            for chain in chains {
                print("  " + chain.map { step in
                    let who = step.name.map { "\($0) (\(step.id))" } ?? step.id
                    return step.via.map { "—\($0)→ \(who)" } ?? who
                }.joined(separator: " "))
            }
        }
    }
}
