import ArgumentParser
import Foundation
import QGraph
import QMatching

/// `qmatch graph stats`: the graph at a glance.
struct GraphStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Nodes, ties, degrees and connected components of the graph.")

    @OptionGroup var input: GraphInputOptions

    @Option(help: "table, tsv or json.")
    var format: GraphOutputFormat = .table

    func run() async throws {
        let graph = try await input.load()
        let summary = input.timed("stats") { graph.graph.summary() }
        let rows: [(String, String)] = [
            ("nodes", "\(summary.nodes)"), ("edges", "\(summary.edges)"),
            ("total weight", scoreText(summary.totalWeight)), ("weighted", summary.isUnweighted ? "no" : "yes"),
            ("isolated nodes", "\(summary.isolated)"), ("mean degree", String(format: "%.2f", summary.meanDegree)),
            ("median degree", "\(summary.medianDegree)"), ("max degree", "\(summary.maxDegree)"),
            ("density", scoreText(summary.density)), ("components", "\(summary.components)"),
            ("largest component", "\(summary.largestComponent)"),
        ]
        switch format {
        case .json: print(try jsonText(summary))
        case .tsv: print(rows.map { "\($0.0)\t\($0.1)" }.joined(separator: "\n"))
        case .table:
            for (name, value) in rows { print(name.padding(toLength: 18, withPad: " ", startingAt: 0) + value) }
        }
    }
}
