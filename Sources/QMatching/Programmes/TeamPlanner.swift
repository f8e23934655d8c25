import Foundation
import QLinearAlgebra

/// How a pool is cut into teams: sizes within a range, or a number of teams.
public enum TeamSizing: Sendable, Hashable, Codable {
    case range(ClosedRange<Int>)
    case count(Int)

    /// The team sizes for `pool` members, as even as possible.
    /// - Throws: ``MatchingError`` (invalid input) when the pool cannot be cut so.
    public func sizes(pool: Int) throws -> [Int] {
        let teams: Int
        switch self {
        case .count(let k):
            guard (1...max(1, pool)).contains(k), pool > 0 else {
                throw MatchingError.invalidInput("cannot make \(k) teams from \(pool) members (expected 1...\(pool) teams)")
            }
            teams = k
        case .range(let range):
            guard range.lowerBound >= 1 else {
                throw MatchingError.invalidInput("team size \(range.lowerBound)..\(range.upperBound): sizes start at 1")
            }
            teams = (pool + range.upperBound - 1) / range.upperBound
            guard teams * range.lowerBound <= pool, pool > 0 else {
                throw MatchingError.invalidInput("cannot partition \(pool) members into teams of \(range.lowerBound)..\(range.upperBound): "
                    + "\(teams) team\(teams == 1 ? "" : "s") of at most \(range.upperBound) need at least \(teams * range.lowerBound) members")
            }
        }
        return (0..<teams).map { pool / teams + ($0 < pool % teams ? 1 : 0) }
    }
}

/// What a team plan is scored on, per team and in total.
public struct TeamFigures: Sendable, Codable, Hashable {
    /// Share of the brief's topics the team covers (1 without a brief).
    public var coverage: Double
    /// Mean over the spread fields of distinct values ÷ the most the team could hold (1 without fields).
    public var spread: Double
    /// Mean over the team's pairs of content similarity, plus 0.3 for a pair already connected.
    public var cohesion: Double
    /// Pairs of `together` split and of `apart` joined.
    public var brokenRules: Int
    /// coverage + spread + cohesion − 100 × broken rules.
    public var objective: Double
}

/// Cuts a pool into teams that cover a brief's topics, mix nations, sectors and roles evenly (anticlustering),
/// and can work together (similar interests, existing ties), respecting sizes and together/apart pairs.
/// Greedy construction (each team seeded with a holder of the rarest brief topic, then the best of a sample
/// in turn) followed by exchange local search on the summed team objective.
public struct TeamPlanner: Sendable {
    public let view: ServingView
    public var cover: [String] = []
    public var spread: [MixField] = []
    public var together: [(Int, Int)] = []
    public var apart: [(Int, Int)] = []
    public var seed: UInt64 = 1
    /// Candidates each greedy step looks at.
    public var greedySample = 64

    public init(view: ServingView) { self.view = view }

    /// The members of each team (rows), and the figures of each.
    public struct Plan: Sendable {
        public let teams: [[Int]]
        public let figures: [TeamFigures]
        public var total: Double { figures.reduce(0) { $0 + $1.objective } }
    }

    /// Which brief topics each row holds (its topics, methods or offers contain the topic's words).
    func coverage(_ rows: [Int]) -> [UInt64] {
        let wanted = cover.prefix(64).map { $0.lowercased() }
        return rows.map { row in
            let texts = view.interests(row).map { view.codes.topics[Int($0)] } + view.offers(row).map { view.codes.topics[Int($0)] }
            var mask: UInt64 = 0
            for (bit, topic) in wanted.enumerated() where texts.contains(where: { $0.contains(topic) || topic.contains($0) }) {
                mask |= 1 << UInt64(bit)
            }
            return mask
        }
    }

    /// The objective of each team of `teams` (indices into `rows`).
    func scorer(_ rows: [Int]) -> ([Int]) -> TeamFigures {
        let view = self.view
        let masks = coverage(rows)
        let wanted = min(cover.count, 64)
        let codes = spread.map { field in rows.map { field.code(view, $0) } }
        let distinct = codes.map { Set($0.filter { $0 >= 0 }).count }
        var partner = [Int: [Int]](), enemy = [Int: [Int]]()
        for (a, b) in together { partner[a, default: []].append(b); partner[b, default: []].append(a) }
        for (a, b) in apart { enemy[a, default: []].append(b); enemy[b, default: []].append(a) }
        return { team in
            var mask: UInt64 = 0
            for i in team { mask |= masks[i] }
            let coverage = wanted == 0 ? 1 : Double(mask.nonzeroBitCount) / Double(wanted)
            var spread = 0.0
            for (f, field) in codes.enumerated() {
                let values = Set(team.map { field[$0] }.filter { $0 >= 0 }).count
                spread += Double(values) / Double(max(1, min(team.count, distinct[f])))
            }
            spread = codes.isEmpty ? 1 : spread / Double(codes.count)
            var cohesion = 0.0, pairs = 0
            for x in team.indices {
                for y in team.indices where x < y {
                    let a = rows[team[x]], b = rows[team[y]]
                    var value = Double(view.dot(a, b))
                    if let na = view.node(of: a), let nb = view.node(of: b), view.graph.weight(between: na, and: nb) != nil {
                        value += 0.3
                    }
                    cohesion += value
                    pairs += 1
                }
            }
            cohesion = pairs == 0 ? 0 : cohesion / Double(pairs)
            var broken = 0
            let members = Set(team)
            for i in team {
                for other in partner[i] ?? [] where !members.contains(other) { broken += 1 }
                for other in enemy[i] ?? [] where members.contains(other) && i < other { broken += 1 }
            }
            return TeamFigures(coverage: coverage, spread: spread, cohesion: cohesion, brokenRules: broken,
                               objective: coverage + spread + cohesion - 100 * Double(broken))
        }
    }

    /// A seeded random cut into `sizes` (what pairing tools do today).
    public func random(_ rows: [Int], sizes: [Int]) -> Plan {
        let search = ExchangeSearch(count: rows.count, sizes: sizes, seed: seed) { _ in 0 }
        return plan(rows, search.teams)
    }

    /// The greedy baseline: seeds hold the rarest brief topics, then each team in turn takes the best of a
    /// seeded sample of the members left.
    public func greedy(_ rows: [Int], sizes: [Int]) -> Plan {
        plan(rows, greedyTeams(rows, sizes: sizes))
    }

    /// Greedy, then exchange local search.
    public func optimised(_ rows: [Int], sizes: [Int], sweeps: Int = 12) -> Plan {
        let score = scorer(rows)
        var search = ExchangeSearch(count: rows.count, sizes: sizes, seed: seed, initial: greedyTeams(rows, sizes: sizes)) {
            score($0).objective
        }
        search.partnersPerItem = 8
        search.improve(rounds: sweeps)
        return plan(rows, search.teams)
    }

    func plan(_ rows: [Int], _ teams: [[Int]]) -> Plan {
        let score = scorer(rows)
        return Plan(teams: teams.map { $0.map { rows[$0] } }, figures: teams.map(score))
    }

    func greedyTeams(_ rows: [Int], sizes: [Int]) -> [[Int]] {
        let score = scorer(rows)
        let masks = coverage(rows)
        var holders = [Int](repeating: 0, count: 64)
        for mask in masks { for bit in 0..<64 where mask & (1 << UInt64(bit)) != 0 { holders[bit] += 1 } }
        func rarity(_ i: Int) -> Int {
            (0..<64).filter { masks[i] & (1 << UInt64($0)) != 0 }.map { holders[$0] }.min() ?? Int.max
        }
        var rng = SeededGenerator(seed: seed, stream: 0x6EED, index: 0)
        var left = Array(0..<rows.count)
        for i in stride(from: left.count - 1, to: 0, by: -1) { left.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        left.sort { rarity($0) < rarity($1) }
        var teams = [[Int]](repeating: [], count: sizes.count)
        for t in teams.indices where !left.isEmpty { teams[t].append(left.removeFirst()) }
        for i in stride(from: left.count - 1, to: 0, by: -1) { left.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        var open = teams.indices.filter { teams[$0].count < sizes[$0] }
        while !left.isEmpty, !open.isEmpty {
            for t in open where !left.isEmpty {
                let base = score(teams[t]).objective
                var best = 0, bestGain = -Double.infinity
                for s in 0..<min(greedySample, left.count) {
                    let index = (Int(rng.next() % UInt64(left.count)) + s) % left.count
                    let gain = score(teams[t] + [left[index]]).objective - base
                    if gain > bestGain { bestGain = gain; best = index }
                }
                teams[t].append(left.remove(at: best))
            }
            open = teams.indices.filter { teams[$0].count < sizes[$0] }
        }
        return teams
    }
}
