import ArgumentParser
import Foundation
import QGraph
import QMatching

/// `qmatch graph communities`: Louvain communities with their modularity.
struct GraphCommunitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communities",
        abstract: "Find communities (Louvain, weighted modularity), deterministic for a seed.",
        discussion: """
            table: the modularity and the largest communities; tsv: `id<TAB>community` per member; json: \
            every community with its members. Sizes count the members who may be shown. --bridging adds, per \
            member, how many distinct communities, nations and sectors their ties reach (tsv: three more \
            columns; table: the averages).
            """)

    @OptionGroup var input: GraphInputOptions

    @Option(help: "Seeds the order in which members are visited.")
    var seed: UInt64 = 42

    @Option(help: "The modularity resolution (> 0); larger gives more, smaller communities.")
    var resolution = 1.0

    @Option(help: "Independent runs, the best kept (default: 32 on small graphs, down to 1 from a million ties).")
    var restarts: Int?

    @Option(help: "Threads that share the runs (default: the processors available).")
    var threads: Int?

    @Option(help: "table: how many of the largest communities to list.")
    var limit = 20

    @Flag(help: "Also report how many communities, nations and sectors each member's ties reach.")
    var bridging = false

    @Option(help: "table, tsv or json.")
    var format: GraphOutputFormat = .table

    func validate() throws {
        guard resolution > 0, resolution.isFinite else {
            throw ValidationError("--resolution must be a number greater than 0, not \(resolution).")
        }
        if let restarts, !(1...1000).contains(restarts) {
            throw ValidationError("--restarts must be 1...1000, not \(restarts).")
        }
        if let threads, !(1...256).contains(threads) {
            throw ValidationError("--threads must be 1...256, not \(threads).")
        }
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, not \(limit).") }
    }

    func run() async throws {
        let graph = try await input.load()
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let found = try input.timed("communities", threads: threadCount) {
            try graph.communities(options: CommunityOptions(seed: seed, resolution: resolution, restarts: restarts,
                                                            threads: threadCount))
        }
        let members = graph.visibleMembers(of: found)
        let reach = bridging ? try graph.bridging(communities: found) : nil
        switch format {
        case .tsv:
            var out = ""
            for (node, label) in found.labels.enumerated() where graph.discoverable[node] {
                out += graph.ids[node] + "\t\(label)"
                if let reach {
                    out += "\t\(reach.communities[node].reached)\t\(reach.nations[node].reached)"
                        + "\t\(reach.sectors[node].reached)"
                }
                out += "\n"
            }
            print(out, terminator: "")
        case .json:
            print(try jsonText(Document(
                modularity: found.modularity, count: found.count, levels: found.levels,
                communities: members.enumerated().map { Document.Community(community: $0, size: $1.count, members: $1) })))
        case .table:
            print("\(found.count) communities, modularity \(String(format: "%.6f", found.modularity)) "
                + "(\(found.levels) level\(found.levels == 1 ? "" : "s"), seed \(seed))")
            let largest = members.indices.sorted { members[$0].count != members[$1].count
                ? members[$0].count > members[$1].count : $0 < $1 }
            for label in largest.prefix(limit) {
                let sample = members[label].prefix(5).joined(separator: ", ")
                print(String(format: "%6d  %7d  ", label, members[label].count) + sample
                    + (members[label].count > 5 ? ", …" : ""))
            }
            if let reach {
                func mean(_ values: [Bridging]) -> String {
                    String(format: "%.2f", Double(values.reduce(0) { $0 + $1.reached }) / Double(max(1, values.count)))
                }
                print("ties reach on average \(mean(reach.communities)) communities, \(mean(reach.nations)) nations, "
                    + "\(mean(reach.sectors)) sectors")
            }
        }
    }

    struct Document: Encodable {
        struct Community: Encodable {
            let community: Int
            let size: Int
            let members: [String]
        }
        let modularity: Double
        let count: Int
        let levels: Int
        let communities: [Community]
    }
}
