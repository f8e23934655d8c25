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
        let graph = try await input.load()
        try graph.checkMember(from, asking: true)
        try graph.checkMember(to, asking: false)
        let found = try input.timed("path") { try graph.introductions(from: from, to: to, limit: limit) }
        switch format {
        case .json: print(try jsonText(found))
        case .tsv: for path in found.paths { print(path.joined(separator: "\t")) }
        case .table:
            guard let hops = found.hops else {
                print("no chain of up to 3 ties from \(from) to \(to)")
                return
            }
            print("\(from) to \(to): \(hops) tie\(hops == 1 ? "" : "s"), \(found.totalCount) shortest chain"
                + (found.totalCount == 1 ? "" : "s"))
            for path in found.paths { print("  " + path.joined(separator: " → ")) }
        }
    }
}
