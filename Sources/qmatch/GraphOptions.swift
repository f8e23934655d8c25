import ArgumentParser
import Foundation
import QGraph
import QMatching
import QProfiles

/// Where the graph comes from: `--edges E.tsv`, or else the store (`--db`); and `--timing`.
struct GraphInputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A TSV edge list: source<TAB>target[<TAB>weight] per line.", valueName: "E.tsv"))
    var edges: String?

    @OptionGroup var store: StoreOptions

    @Flag(help: "Print the time spent loading the graph and computing to standard error.")
    var timing = false

    /// Loads the graph, reporting the time taken when `--timing` is set.
    func load() async throws -> ConnectionGraph {
        let clock = ContinuousClock(), start = clock.now
        let graph: ConnectionGraph
        if let edges {
            graph = try ConnectionGraph(EdgeListReader.read(path: edges))
        } else {
            graph = try await GraphBuilder().build(from: store.openExisting())
        }
        report("load", since: start)
        return graph
    }

    /// Times `body` under `label` when `--timing` is set.
    func timed<T>(_ label: String, threads: Int? = nil, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock().now
        let result = try body()
        report(label, since: start, threads: threads)
        return result
    }

    private func report(_ label: String, since start: ContinuousClock.Instant, threads: Int? = nil) {
        guard timing else { return }
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        printError("timing: \(label) \(String(format: "%.6f", seconds)) s" + (threads.map { " (threads \($0))" } ?? ""))
    }
}

/// The output formats of the graph commands.
enum GraphOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, tsv, json
}

extension GraphScoreMethod: ExpressibleByArgument {}

/// A score as text: up to 10 significant digits.
func scoreText(_ score: Double) -> String { String(format: "%.10g", score) }

extension ConnectionGraph {
    /// Checks that `id` is a member of the graph that may be named here: anyone when they are `asking` about
    /// themselves, else a discoverable member.
    /// - Throws: ``ProfileError`` (not found) `no member 'ID' (did you mean …?)`, suggesting discoverable
    ///   members only.
    func checkMember(_ id: String, asking: Bool) throws {
        if let node = node(of: id), asking || discoverable[node] { return }
        let visible = ids.indices.lazy.filter { discoverable[$0] }.map { ids[$0] }
        throw ProfileError.notFound(NotFoundMessage.text("member", id, suggestions: NearestNames.nearest(to: id, in: visible)))
    }
}
