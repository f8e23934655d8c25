import Foundation
import QGraph
import QLinearAlgebra

/// One round's groups, as rows of the serving view, with what the planner weighed.
public struct RoundPlan: Sendable {
    /// Groups of two (one of three for an odd count), or of three with `size` 3; in the order found.
    public var groups: [[Int]]
    /// The total reciprocal weight of each group's pairs.
    public var groupWeights: [Float]
    /// Participants who could not be placed, with why (every other participant is ruled out for them).
    public var unplaced: [(row: Int, reason: String)]
    /// Every allowed pair the matching could choose from, with its weight (`--weights-out`), after rounding
    /// to the matching's resolution.
    public var candidatePairs: [(a: Int, b: Int, weight: Double)]
    /// Pairs placed together although an earlier round had them together (only when nothing else placed
    /// everyone).
    public var repeatedPairs: Int
    /// The matching's total weight over the pairs it chose (before a third member joins a pair).
    public var matchingWeight: Double
}

/// Plans pairing rounds: everyone placed, the total reciprocal weight as large as possible.
///
/// Size 2: an exact maximum-weight matching (Edmonds' blossom, maximum cardinality first) on a sparse
/// candidate graph: each participant's content neighbours among the participants, their graph neighbours by
/// Adamic-Adar and personalized PageRank, and a few seeded random partners (so that the graph has a perfect
/// matching with near certainty); when some are still unmatched, every allowed pair of theirs is added, then
/// the discouraged pairs at a penalty larger than any total weight, and the matching is solved again. With an
/// odd count, a dummy node tied at weight 0 to everyone not in a three last round picks who joins a pair,
/// and they join the pair (of members not in a three last round) with which their two weights add up most.
///
/// Size 3: groups of three (a four or two for the remainder), by exchange local search on the pair weights.
public struct RoundPlanner: Sendable {
    public let weights: PairWeights
    public var size = 2
    public var seed: UInt64 = 1
    /// Content neighbours taken per participant.
    public var contentCandidates = 10
    /// Graph neighbours taken per participant (by each of two scores).
    public var graphCandidates = 4
    /// Seeded random partners per participant.
    public var randomCandidates = 4
    /// Matching weights are integers in units of this.
    public static let resolution = 1e-6
    /// The penalty of a discouraged pair, in weight units (above any total of real weights).
    static let penalty: Double = 1e7

    public init(weights: PairWeights) { self.weights = weights }

    var view: ServingView { weights.view }

    /// The round for `participants` (visible rows, each once) under `rules`.
    /// - Complexity: O(P² × dimension / blocked GEMM) for content candidates, one graph pass per participant,
    ///   and the matching's O(P × (P + E)) per stage in the worst case (E candidate pairs).
    public func plan(_ participants: [Int], rules: PairRules) throws -> RoundPlan {
        let count = participants.count
        guard count >= 2 else {
            return RoundPlan(groups: [], groupWeights: [], unplaced: participants.map {
                ($0, "the only participant: nobody to meet")
            }, candidatePairs: [], repeatedPairs: 0, matchingWeight: 0)
        }
        let edges = candidateEdges(participants, rules: rules)
        if size == 3 { return try planThrees(participants, edges: edges, rules: rules) }
        return try planPairs(participants, edges: edges, rules: rules)
    }

    // MARK: Candidates

    /// Candidate pairs by participant index (`i < j`) with weights rounded to ``resolution``.
    func candidateEdges(_ participants: [Int], rules: PairRules) -> [UInt64: Double] {
        let count = participants.count
        let dimension = view.index.interests.dimension
        var values = [Float](repeating: 0, count: count * dimension)
        for (i, row) in participants.enumerated() {
            let vector = view.vector(row)
            for j in 0..<dimension { values[i * dimension + j] = vector[j] }
        }
        // Extra neighbours stand in for those the rules rule out (earlier rounds grow that list every month).
        let k = min(count - 1, contentCandidates + 24)
        let content = VectorSet.nearestNeighbours(values, rows: count, dimension: dimension, k: max(1, k), threads: 2)
        let indexOf = Dictionary(uniqueKeysWithValues: participants.enumerated().map { ($1, $0) })
        var pools = [[Int]](repeating: [], count: count)
        for i in 0..<count {
            var pool: [Int] = []
            for neighbour in content.neighbours(of: i) where pool.count < contentCandidates {
                let j = neighbour.row
                if j >= 0, j != i, rules.allows(participants[i], participants[j]) { pool.append(participants[j]) }
            }
            var rng = SeededGenerator(seed: seed, stream: 0xC0FFEE, index: i)
            var tries = 0
            while pool.count < contentCandidates + randomCandidates, tries < 4 * randomCandidates + 8 {
                tries += 1
                let j = Int(rng.next() % UInt64(count))
                if j != i, rules.allows(participants[i], participants[j]), !pool.contains(participants[j]) {
                    pool.append(participants[j])
                }
            }
            pools[i] = pool
        }
        let found = weighAll(participants, pools: pools, graphLimit: graphCandidates, indexOf: indexOf, rules: rules)
        var edges: [UInt64: Double] = [:]
        for i in 0..<count {
            for (row, weight) in found[i] {
                guard let j = indexOf[row] else { continue }
                let key = pairKey(i, j)
                if edges[key] == nil { edges[key] = Self.rounded(weight) }
            }
        }
        return edges
    }

    static func rounded(_ weight: Float) -> Double {
        (Double(weight) / resolution).rounded() * resolution
    }

    /// ``PairWeights/weights(from:to:graphLimit:scratch:admits:)`` for every participant, on all cores.
    func weighAll(_ participants: [Int], pools: [[Int]], graphLimit: Int, indexOf: [Int: Int],
                  rules: PairRules) -> [[(row: Int, weight: Float)]] {
        let count = participants.count
        let results = UnsafeMutablePointer<[(row: Int, weight: Float)]>.allocate(capacity: count)
        results.initialize(repeating: [], count: count)
        defer { results.deinitialize(count: count); results.deallocate() }
        let shared = SharedPointer(results)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count))
        let weights = self.weights
        let nodes = view.snapshotRows
        Parallel.run(chunks: workers) { chunk in
            let scratch = RankingScratch(nodeCount: nodes)
            scratch.reserve(rows: weights.view.rowCount)
            for i in stride(from: chunk, to: count, by: workers) {
                let a = participants[i]
                shared[i] = weights.weights(from: a, to: pools[i], graphLimit: graphLimit, scratch: scratch) { row in
                    indexOf[row] != nil && rules.allows(a, row)
                }
            }
        }
        return Array(UnsafeBufferPointer(start: results, count: count))
    }

    /// The weights of participant `i` with every participant `rules` do not forbid (fallbacks, the third member).
    func allWeights(_ i: Int, _ participants: [Int], rules: PairRules) -> [Int: Double] {
        let a = participants[i]
        let others = participants.indices.filter { $0 != i && !rules.isForbidden(a, participants[$0]) }
        let scratch = RankingScratch(nodeCount: view.snapshotRows)
        scratch.reserve(rows: view.rowCount)
        let found = weights.weights(from: a, to: others.map { participants[$0] }, scratch: scratch)
        var result: [Int: Double] = [:]
        for (index, item) in zip(others, found) { result[index] = Self.rounded(item.weight) }
        return result
    }

    // MARK: Pairs

    func planPairs(_ participants: [Int], edges initial: [UInt64: Double], rules: PairRules) throws -> RoundPlan {
        let count = participants.count
        let isOdd = count % 2 == 1
        let dummy = count
        var edges = initial
        var discouraged = Set<UInt64>()
        func solve(probe: Bool = false) throws -> [Int] {
            var list = edges.map { key, weight in
                MatchingEdge(Int(key >> 32), Int(key & 0xFFFF_FFFF), weight: Int64((weight / Self.resolution).rounded()))
            }
            list.sort { ($0.a, $0.b) < ($1.a, $1.b) }
            if isOdd {
                var eligible = (0..<count).filter { !rules.lastTrio.contains(participants[$0]) }
                if eligible.isEmpty { eligible = Array(0..<count) }
                list += eligible.map { MatchingEdge($0, dummy, weight: 0) }
            }
            return try MaximumWeightMatching.mates(nodeCount: count + (isOdd ? 1 : 0), edges: list, probe: probe)
        }
        // A probe first: when everyone is matched it is exact already; else only who is left out counts.
        var mates = try solve(probe: true)
        var unmatched = (0..<count).filter { mates[$0] == -1 }
        if !unmatched.isEmpty {
            // Every allowed pair of the unmatched, weighed in full (the solve below is exact).
            for i in unmatched {
                for (j, weight) in allWeights(i, participants, rules: rules)
                where !rules.isDiscouraged(participants[i], participants[j]) {
                    edges[pairKey(i, j)] = edges[pairKey(i, j)] ?? weight
                }
            }
            mates = try solve()
            unmatched = (0..<count).filter { mates[$0] == -1 }
        }
        if !unmatched.isEmpty && !rules.discouraged.isEmpty {
            // Earlier rounds' pairs, each costing more than every real weight together.
            for i in 0..<count {
                for j in (i + 1)..<count where rules.isDiscouraged(participants[i], participants[j])
                    && !rules.isForbidden(participants[i], participants[j]) {
                    let key = pairKey(i, j)
                    if edges[key] == nil { discouraged.insert(key); edges[key] = -Self.penalty }
                }
            }
            mates = try solve()
            unmatched = (0..<count).filter { mates[$0] == -1 }
        }
        var groups: [[Int]] = []
        var groupWeights: [Float] = []
        var matchingWeight = 0.0
        var repeated = 0
        for i in 0..<count where mates[i] > i && mates[i] < count {
            let key = pairKey(i, mates[i])
            let weight = edges[key] ?? 0
            if discouraged.contains(key) { repeated += 1 }
            matchingWeight += discouraged.contains(key) ? 0 : weight
            groups.append([i, mates[i]])
            groupWeights.append(Float(discouraged.contains(key) ? 0 : weight))
        }
        var unplaced: [(Int, String)] = unmatched.map {
            (participants[$0], "every other participant is connected to them already, dismissed them or was dismissed by them")
        }
        if isOdd, let third = (0..<count).first(where: { mates[$0] == dummy }) {
            if let (group, gain) = bestPair(for: third, groups: groups, participants: participants, rules: rules) {
                groups[group].append(third)
                groupWeights[group] += Float(gain)
            } else {
                unplaced.append((participants[third], "no pair could take a third member without breaking a rule"))
            }
        }
        let pairs = edges.filter { !discouraged.contains($0.key) }.map { key, weight in
            (a: participants[Int(key >> 32)], b: participants[Int(key & 0xFFFF_FFFF)], weight: weight)
        }.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
        return RoundPlan(groups: groups.map { $0.map { participants[$0] } }, groupWeights: groupWeights,
                         unplaced: unplaced, candidatePairs: pairs, repeatedPairs: repeated,
                         matchingWeight: matchingWeight)
    }

    /// The pair that participant `third` joins: neither of the pair in a three last round, no rule broken
    /// with either (discouraged pairs only when nothing else works), the largest sum of the two weights.
    func bestPair(for third: Int, groups: [[Int]], participants: [Int],
                  rules: PairRules) -> (group: Int, gain: Double)? {
        let weights = allWeights(third, participants, rules: rules)
        let me = participants[third]
        for strict in [true, false] {
            var best: (Int, Double)?
            for (index, group) in groups.enumerated() where group.count == 2 {
                let rows = group.map { participants[$0] }
                guard rows.allSatisfy({ !rules.isForbidden(me, $0) }) else { continue }
                if strict, rows.contains(where: { rules.lastTrio.contains($0) || rules.isDiscouraged(me, $0) }) { continue }
                let gain = group.reduce(0.0) { $0 + (weights[$1] ?? 0) }
                if best.map({ gain > $0.1 }) ?? true { best = (index, gain) }
            }
            if let best { return best }
        }
        return nil
    }

    // MARK: Threes

    func planThrees(_ participants: [Int], edges: [UInt64: Double], rules: PairRules) throws -> RoundPlan {
        let count = participants.count
        var sizes = [Int](repeating: 3, count: count / 3)
        switch count % 3 {
        case 1: if sizes.isEmpty { sizes = [1] } else { sizes[0] = 4 }
        case 2: if sizes.count >= 2 { sizes[0] = 4; sizes[1] = 4 } else { sizes.append(2) }
        default: break
        }
        let pairValue: @Sendable (Int, Int) -> Double = { i, j in
            let a = participants[i], b = participants[j]
            if rules.isForbidden(a, b) { return -Self.penalty }
            if rules.isDiscouraged(a, b) { return -Self.penalty / 1_000 }
            return edges[pairKey(i, j)] ?? 0
        }
        var search = ExchangeSearch(count: count, sizes: sizes, seed: seed) { team in
            var total = 0.0
            for x in team.indices { for y in team.indices where x < y { total += pairValue(team[x], team[y]) } }
            return total
        }
        search.improve(rounds: 40)
        var groups: [[Int]] = [], groupWeights: [Float] = [], repeated = 0
        for team in search.teams {
            groups.append(team.map { participants[$0] })
            var weight = 0.0
            for x in team.indices { for y in team.indices where x < y {
                if rules.isDiscouraged(participants[team[x]], participants[team[y]]) { repeated += 1 }
                weight += max(0, pairValue(team[x], team[y]))
            } }
            groupWeights.append(Float(weight))
        }
        let pairs = edges.map { key, weight in
            (a: participants[Int(key >> 32)], b: participants[Int(key & 0xFFFF_FFFF)], weight: weight)
        }.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
        return RoundPlan(groups: groups, groupWeights: groupWeights, unplaced: [], candidatePairs: pairs,
                         repeatedPairs: repeated, matchingWeight: Double(groupWeights.reduce(0, +)))
    }
}
