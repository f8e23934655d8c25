import Foundation
import QGraph

extension Recommender {
    /// Paths asker–x–w–candidate of length three whose third node `w` is two hops from the asker: the sum of
    /// the two-hop pass's common-neighbour counts over the candidate's neighbours (a truncated Katz term).
    /// - Complexity: O(degree of the candidate).
    func threeHopPaths(to candidateNode: Int, _ local: LocalNeighbourhood) -> Float {
        let graph = view.graph
        let counts = local.commonNeighbours
        var total: Float = 0
        for e in graph.offsets[candidateNode]..<graph.offsets[candidateNode + 1] {
            total += counts[Int(graph.targets[e])]
        }
        return total
    }

    /// The ``RankFeature``s of one candidate, from its blend signals, its place in the graph seen from the
    /// asker, and the attribute-pair affinity table.
    func rankFeatures(_ asker: AskerContext, _ candidate: CandidateSignals, proximity: PairProximity?,
                      pageRankNear: Float, askerAttributes: Set<Int32>, affinity: [Float]) -> [Float] {
        let graph = view.graph
        var f = [Float](repeating: 0, count: RankFeature.allCases.count)
        func set(_ feature: RankFeature, _ value: Float) { f[feature.rawValue] = value }
        func signal(_ s: BlendModel.Signal) -> Float { candidate.signals[s.rawValue] }
        let askerNode = view.node(of: asker.row), candidateNode = view.node(of: candidate.row)
        let askerDegree = askerNode.map { graph.offsets[$0 + 1] - graph.offsets[$0] } ?? 0
        let candidateDegree = candidateNode.map { graph.offsets[$0 + 1] - graph.offsets[$0] } ?? 0
        set(.content, signal(.content))
        if let proximity {
            let common = proximity.commonNeighbours
            set(.commonNeighbours, common)
            set(.weightedCommonNeighbours, Float(log1p(Double(proximity.weightedCommon))))
            set(.adamicAdar, proximity.adamicAdar)
            set(.resourceAllocation, 10 * proximity.resourceAllocation)
            let union = Float(askerDegree + candidateDegree) - common
            set(.jaccard, union > 0 ? common / union : 0)
            set(.threeHopPaths, Float(log1p(Double(proximity.threeHop))))
        }
        set(.pageRank, signal(.pageRank))
        let logN = asker.logN
        set(.pageRankNear, pageRankNear > 0 ? max(0, (log(pageRankNear) + logN) / logN) : 0)
        set(.askerDegree, Float(log1p(Double(askerDegree))))
        set(.candidateDegree, Float(log1p(Double(candidateDegree))))
        set(.askerStrength, askerNode.map { Float(log1p(graph.strengths[$0])) } ?? 0)
        set(.candidateStrength, candidateNode.map { Float(log1p(graph.strengths[$0])) } ?? 0)
        set(.theyCanHelp, signal(.theyCanHelp))
        set(.youCanHelp, signal(.youCanHelp))
        set(.sharedGroups, signal(.sharedGroups))
        var sharedGroups = 0
        for code in view.groups(candidate.row) where asker.groups.contains(code) { sharedGroups += 1 }
        set(.sharedGroupCount, Float(sharedGroups))
        set(.sameNation, signal(.sameNation))
        set(.sameSector, signal(.sameSector))
        set(.sameRole, signal(.sameRole))
        set(.sameRegion, signal(.sameRegion))
        var sharedAttributes = 0
        for code in view.attributes(candidate.row) where askerAttributes.contains(code) { sharedAttributes += 1 }
        set(.sharedAttributes, Float(sharedAttributes))
        if !candidate.pairs.isEmpty {
            var total: Float = 0, high = -Float.infinity, low = Float.infinity
            for bucket in candidate.pairs where Int(bucket) < affinity.count {
                let value = affinity[Int(bucket)]
                total += value
                high = max(high, value)
                low = min(low, value)
            }
            set(.pairAffinity, total)
            set(.pairAffinityHigh, high.isFinite ? high : 0)
            set(.pairAffinityLow, low.isFinite ? low : 0)
        }
        return f
    }
}
