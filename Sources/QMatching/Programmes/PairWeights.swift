import Foundation
import QGraph
import QLinearAlgebra

/// A boundary a programme mixes across (`--mix`, `--spread`).
public enum MixField: String, Sendable, Hashable, CaseIterable, Codable {
    case nation, sector, role, region

    /// Parses `nation,sector,role`.
    /// - Throws: ``MatchingError`` (invalid input) naming the unknown field and the valid ones.
    public static func list(_ text: String) throws -> [MixField] {
        try text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { word in
            guard let field = MixField(rawValue: word.lowercased()) else {
                throw MatchingError.invalidInput("unknown field '\(word)' (expected nation, sector, role or region)")
            }
            return field
        }
    }

    /// The category code of `row` for this field (-1 when empty).
    func code(_ view: ServingView, _ row: Int) -> Int32 {
        switch self {
        case .nation: view.nation(row)
        case .sector: view.sector(row)
        case .role: view.role(row)
        case .region: view.region(row)
        }
    }
}

/// Reciprocal weights of pairs of members: both should gain. The weight of a pair is the harmonic mean of the
/// recommender's score in each direction (RECON, Pizzato et al. 2010: low when either side gains little), plus
/// ``mixBonus`` for each `mix` boundary the pair crosses.
///
/// Both directions come from one pass around the first member: the content score, shared groups, what one can
/// help the other with and the attribute pairs are computed for each direction as the recommender does, the
/// two-hop scores (common neighbours, Adamic-Adar, resource allocation) are symmetric, and personalized
/// PageRank on an undirected graph satisfies `s(a) · π_a(b) = s(b) · π_b(a)` (`s` the weighted degree), so
/// the reverse PageRank is the forward one scaled by `s(a) / s(b)`.
public struct PairWeights: Sendable {
    public let recommender: Recommender
    public var mix: [MixField]
    /// Added per `mix` boundary crossed.
    public var mixBonus: Float = 0.15
    /// The floor of each direction's score in the harmonic mean (scores can be negative).
    static let floor: Float = 0.01

    public init(recommender: Recommender, mix: [MixField] = []) {
        self.recommender = recommender
        self.mix = mix
    }

    public var view: ServingView { recommender.view }

    /// The number of `mix` boundaries between two rows (both values known and different).
    public func crossings(_ a: Int, _ b: Int) -> Int {
        mix.reduce(0) { count, field in
            let x = field.code(view, a), y = field.code(view, b)
            return count + (x >= 0 && y >= 0 && x != y ? 1 : 0)
        }
    }

    /// The weight of `a` with each of `others`, and with up to `graphLimit` more rows that `admits` takes among
    /// `a`'s best by Adamic-Adar and by personalized PageRank, from one pass of the graph around `a`.
    /// - Returns: (row, weight), `others` first, each row once.
    /// - Complexity: `a`'s two-hop neighbourhood and local PageRank push, plus O(rows returned × dimension).
    public func weights(from a: Int, to others: [Int], graphLimit: Int = 0, scratch: RankingScratch,
                        admits: (Int) -> Bool = { _ in true }) -> [(row: Int, weight: Float)] {
        let graph = view.graph
        let local = scratch.neighbourhood
        let node = view.node(of: a)
        var hasGraph = false
        var rows = others
        if let node, graph.offsets[node + 1] > graph.offsets[node] {
            hasGraph = true
            local.twoHop(from: node, graph: graph)
            local.pushPageRank(from: node, graph: graph, epsilon: 1e-4)
            if graphLimit > 0 {
                var seen = Set(others)
                for (touched, score) in [(local.twoHopTouched, local.adamicAdar), (local.pushTouched, local.pagerank)] {
                    var best = TopK<Float>(limit: graphLimit)
                    for other in touched where Int(other) != node && score[Int(other)] > 0 {
                        let row = view.row(ofNode: Int(other))
                        guard row != a, !seen.contains(row), admits(row) else { continue }
                        best.offer(other, score[Int(other)])
                    }
                    for entry in best.entries() {
                        let row = view.row(ofNode: Int(entry.node))
                        if seen.insert(row).inserted { rows.append(row) }
                    }
                }
            }
        }
        let forward = AskerContext(recommender, row: a)
        return rows.map { b in
            var there: PairProximity?, back: PairProximity?
            if hasGraph, let node, let other = view.node(of: b) {
                let proximity = PairProximity(
                    commonNeighbours: local.commonNeighbours[other], adamicAdar: local.adamicAdar[other],
                    resourceAllocation: local.resourceAllocation[other], pageRank: local.pagerank[other])
                there = proximity
                back = proximity
                let sb = graph.strengths[other]
                back?.pageRank = sb > 0 ? Float(Double(proximity.pageRank) * graph.strengths[node] / sb) : 0
            }
            let one = recommender.signals(forward, b, proximity: there, scratch: scratch)
            let other = recommender.signals(AskerContext(recommender, row: b), a, proximity: back, scratch: scratch)
            return (b, combine(recommender.blend.score(one.signals, pairs: one.pairs),
                               recommender.blend.score(other.signals, pairs: other.pairs), a, b))
        }
    }

    /// The harmonic mean of the two directions plus the mix bonus.
    func combine(_ ab: Float, _ ba: Float, _ a: Int, _ b: Int) -> Float {
        let x = max(ab, Self.floor), y = max(ba, Self.floor)
        return 2 * x * y / (x + y) + mixBonus * Float(crossings(a, b))
    }
}
