import ArgumentParser
import Foundation
import QGraph
import QMatching
import QProfiles

/// `qmatch graph scores`: the members not yet connected to a source, ranked by a proximity method.
struct GraphScoresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scores",
        abstract: "Rank the members not yet connected to a source by graph proximity.",
        discussion: """
            Methods: common-neighbours, jaccard, adamic-adar, resource-allocation (over the unweighted ties; \
            candidates are two hops away) and ppr (personalized PageRank over the weighted ties; restart \
            probability 1 - damping; iterates until the L1 change is below 1e-10). Candidates with a score of \
            0 are not listed. Ties are broken by id order. tsv: `id<TAB>score` per line, best first (with \
            several --source: `source<TAB>id<TAB>score`).
            """)

    @OptionGroup var input: GraphInputOptions

    @Option(help: "The member to find candidates for (repeat for several).")
    var source: [String] = []

    @Option(help: "common-neighbours, jaccard, adamic-adar, resource-allocation or ppr.")
    var method: GraphScoreMethod

    @Option(help: "How many candidates to list per source (1-100000).")
    var top = 10

    @Option(help: "ppr: the probability of following a tie rather than restarting (0 ≤ D < 1).")
    var damping = 0.85

    @Option(help: "Threads (default: the processors available).")
    var threads: Int?

    @Option(help: "table, tsv or json.")
    var format: GraphOutputFormat = .table

    func validate() throws {
        guard !source.isEmpty else { throw ValidationError("Give at least one --source ID.") }
        guard (1...100_000).contains(top) else { throw ValidationError("--top must be 1...100000, not \(top).") }
        guard damping >= 0, damping < 1 else {
            throw ValidationError("--damping must be at least 0 and below 1, not \(damping).")
        }
        if let threads, !(1...256).contains(threads) {
            throw ValidationError("--threads must be 1...256, not \(threads).")
        }
    }

    func run() async throws {
        let graph = try await input.load()
        for id in source { try graph.checkMember(id, asking: true) }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let options = PageRankOptions(damping: damping, threads: threadCount)
        let rankings = try input.timed(method.rawValue, threads: threadCount) {
            try graph.scores(for: source, method: method, limit: top, pageRank: options, threads: threadCount)
        }
        if input.timing, !rankings.iterations.isEmpty {
            printError("timing: ppr iterations \(rankings.iterations.map(String.init).joined(separator: " "))")
        }
        let results = rankings.lists
        switch format {
        case .tsv:
            var out = ""
            for (sourceID, list) in zip(source, results) {
                for item in list {
                    out += (source.count > 1 ? sourceID + "\t" : "") + item.id + "\t" + scoreText(item.score) + "\n"
                }
            }
            print(out, terminator: "")
        case .json:
            let documents = zip(source, results).map { Ranking(source: $0, method: method.rawValue, results: $1) }
            print(source.count == 1 ? try jsonText(documents[0]) : try jsonText(documents))
        case .table:
            for (sourceID, list) in zip(source, results) {
                print("\(method.rawValue) from \(sourceID): \(list.count) candidate\(list.count == 1 ? "" : "s")")
                let width = max(2, list.map(\.id.count).max() ?? 0)
                for (rank, item) in list.enumerated() {
                    print(String(format: "%5d  ", rank + 1) + item.id.padding(toLength: width, withPad: " ", startingAt: 0)
                        + "  " + scoreText(item.score))
                }
            }
        }
    }

    /// The JSON document of one source's ranking.
    struct Ranking: Encodable {
        let source: String
        let method: String
        let results: [ConnectionGraph.ScoredMember]
    }
}
