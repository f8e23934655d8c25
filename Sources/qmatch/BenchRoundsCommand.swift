import ArgumentParser
import Foundation
import QLinearAlgebra
import QMatching
import QProfiles

/// Monthly pairing rounds over the first N discoverable members, stored one after another (so each round
/// avoids the earlier ones), beside random pairing (Q's practice) and greedy pairing on the same candidate
/// graph, each with its own history (benchmarks).
struct BenchRoundsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-rounds", abstract: "Pairing rounds against random and greedy pairing (benchmarks).",
        shouldDisplay: false)

    @OptionGroup var options: IndexOptions
    @Option var participants: Int = 2_500
    @Option var rounds: Int = 12
    @Option var mix: String = "nation,sector"
    @Option var seed: UInt64 = 1

    struct Tally {
        var weight = 0.0, pairs = 0, crossing = 0, repeated = 0, unplaced = 0
        var history = Set<UInt64>()
    }

    func run() async throws {
        let (store, view) = try await options.open()
        let rows = view.memberRows.filter { view.isVisible($0) }.sorted { view.id(of: $0) < view.id(of: $1) }
        let chosen = Array(rows.prefix(participants))
        let ids = chosen.map { view.id(of: $0) }
        let service = RoundService(store: store, view: view)
        let plain = PairWeights(recommender: service.recommender)
        let scratch = RankingScratch(nodeCount: view.snapshotRows)
        func measure(_ groups: [[Int]], _ tally: inout Tally) {
            var placed = 0
            for group in groups {
                placed += group.count
                for x in group.indices {
                    let others = group[(x + 1)...].map { $0 }
                    let found = plain.weights(from: group[x], to: others, scratch: scratch)
                    for (y, item) in zip(others, found) {
                        tally.weight += Double(item.weight)
                        tally.pairs += 1
                        if view.nation(group[x]) != view.nation(y) || view.sector(group[x]) != view.sector(y) { tally.crossing += 1 }
                        if !tally.history.insert(UInt64(min(group[x], y)) << 32 | UInt64(max(group[x], y))).inserted {
                            tally.repeated += 1
                        }
                    }
                }
            }
            tally.unplaced += chosen.count - placed
        }
        var ours = Tally(), random = Tally(), greedy = Tally()
        var times: [Double] = []
        print("participants \(chosen.count), rounds \(rounds), mix \(mix), BLAS threads \(BLAS.threadCount), "
            + "workers \(ProcessInfo.processInfo.activeProcessorCount)")
        for round in 1...rounds {
            let start = Date()
            var pairs: [(a: MemberID, b: MemberID, weight: Double)] = []
            let result = try await service.create(
                RoundRequest(name: "bench-\(round)", members: ids, mix: try MixField.list(mix), seed: seed &+ UInt64(round))
            ) { pairs = $0 }
            times.append(Date().timeIntervalSince(start))
            measure(result.groups.map { $0.members.compactMap { view.row(of: $0.id) } }, &ours)
            // Random: a seeded shuffle cut into pairs, one three for an odd count.
            var rng = SeededGenerator(seed: seed, stream: 0xBEEF, index: round)
            var order = chosen
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            measure(Self.cut(order), &random)
            // Greedy: the heaviest candidate pair first, skipping pairs it used before; the rest at random.
            var used = Set<Int>(), groups: [[Int]] = []
            for pair in pairs.sorted(by: { $0.weight > $1.weight }) {
                guard let a = view.row(of: pair.a), let b = view.row(of: pair.b), !used.contains(a), !used.contains(b),
                      !greedy.history.contains(UInt64(min(a, b)) << 32 | UInt64(max(a, b))) else { continue }
                used.insert(a); used.insert(b)
                groups.append([a, b])
            }
            let rest = order.filter { !used.contains($0) }
            var tail = Self.cut(rest)
            if rest.count == 1 { tail = []; groups[groups.count - 1].append(rest[0]) }
            measure(groups + tail, &greedy)
            printError(String(format: "round %d: %.2f s", round, times.last!))
        }
        let sorted = times.sorted()
        print(String(format: "one round: median %.2f s, min %.2f s, max %.2f s", sorted[sorted.count / 2], sorted[0], sorted.last!))
        print("method   mean pair weight  crossing nation or sector  repeated pairs  not placed")
        for (name, tally) in [("qmatch", ours), ("greedy", greedy), ("random", random)] {
            print(name.padding(toLength: 7, withPad: " ", startingAt: 0)
                + String(format: "  %16.3f  %24.1f%%  %14d  %10d", tally.weight / Double(max(1, tally.pairs)),
                         100 * Double(tally.crossing) / Double(max(1, tally.pairs)), tally.repeated, tally.unplaced))
        }
    }

    /// Consecutive pairs, the last three together for an odd count.
    static func cut(_ order: [Int]) -> [[Int]] {
        var groups = stride(from: 0, to: order.count - 1, by: 2).map { [order[$0], order[$0 + 1]] }
        if order.count % 2 == 1 {
            if groups.isEmpty { return [order] }
            groups[groups.count - 1].append(order.last!)
        }
        return groups
    }
}
