import Foundation
import QLinearAlgebra
import QProfiles

/// Fits the ranking blend on a community's own history: hide the newest 20% of its connections, generate
/// candidates for the members who made them from what came before, and fit a logistic regression (L2,
/// balanced classes, Adam) on the candidates' signals and hashed attribute pairs.
public enum BlendFitter {
    /// The fewest hidden ties found among candidates for a fit to replace the default blend.
    public static let minimumPositives = 30

    /// - Returns: the fitted blend, or nil when the history is too thin.
    public static func fit(members: [Member], connections: [Connection], interests: InterestMatrix,
                           facts: ProfileFacts, fraction: Double = 0.2, maxQueries: Int = 1_500,
                           seed: UInt64 = 7) -> BlendModel? {
        let split = HistorySplit(connections, fraction: fraction, mode: .temporal, seed: seed)
        guard split.hidden.count >= minimumPositives,
              let graph = try? MatchingIndex.connectionGraph(members: members, connections: split.known) else { return nil }
        let ids = members.map(\.id)
        let empty = InterestModel(weights: FieldWeights(), dimension: interests.dimension, terms: [], idf: [], projection: [])
        let index = MatchingIndex(ids: ids, discoverable: members.map(\.discoverable), interests: interests, model: empty,
                                  facts: facts, graph: graph, builtAt: "")
        let examples = collectExamples(index: index, hidden: split.hidden, maxQueries: maxQueries, seed: seed)
        let positives = examples.filter(\.label).count
        guard positives >= minimumPositives, examples.count > positives else { return nil }
        var model = train(examples)
        model.origin = "fitted on \(examples.count) candidates (\(positives) positives) from the newest "
            + "\(Int(fraction * 100))% of \(split.known.count + split.hidden.count) connections (\(split.mode.rawValue))"
        return model
    }

    struct Example {
        let signals: [Float]
        let pairs: [Int32]
        let label: Bool
    }

    /// Candidates of members with hidden ties, labelled by whether the tie was made.
    static func collectExamples(index: MatchingIndex, hidden: [(MemberID, MemberID)], maxQueries: Int,
                                seed: UInt64) -> [Example] {
        var targets: [Int: Set<Int>] = [:]
        for (a, b) in hidden {
            guard let ra = index.row(of: a), let rb = index.row(of: b) else { continue }
            if index.discoverable[rb] { targets[ra, default: []].insert(rb) }
            if index.discoverable[ra] { targets[rb, default: []].insert(ra) }
        }
        var queries = targets.keys.sorted()
        var generator = SplitMixRandom(seed: seed)
        queries.shuffle(using: &generator)
        queries = Array(queries.prefix(maxQueries)).sorted()
        let recommender = Recommender(index: index, useFittedBlend: false)
        let chunks = min(2, max(1, queries.count))
        let results = UnsafeMutablePointer<[Example]>.allocate(capacity: chunks)
        results.initialize(repeating: [], count: chunks)
        defer { results.deinitialize(count: chunks); results.deallocate() }
        let shared = SharedPointer(results)
        let visible = index.discoverable
        let queryList = queries, targetMap = targets
        // Each worker runs its own single-threaded BLAS calls.
        let blasThreads = BLAS.threadCount
        if chunks > 1 { BLAS.setThreadCount(1) }
        defer { BLAS.setThreadCount(blasThreads) }
        Parallel.run(chunks: chunks) { chunk in
            let scratch = RankingScratch(nodeCount: index.ids.count)
            var local: [Example] = []
            var rng = SplitMixRandom(seed: seed &+ UInt64(chunk))
            for q in stride(from: chunk, to: queryList.count, by: chunks) {
                let row = queryList[q]
                let candidates = recommender.generate(
                    row: row, vector: index.interests.row(row), profile: QueryProfile(row: row, facts: index.facts),
                    visible: visible, excluded: [], filters: .init(), scratch: scratch)
                let wanted = targetMap[row] ?? []
                var negatives = candidates.filter { !wanted.contains($0.row) }
                negatives.shuffle(using: &rng)
                for candidate in candidates where wanted.contains(candidate.row) {
                    local.append(Example(signals: candidate.signals, pairs: candidate.pairs, label: true))
                }
                for candidate in negatives.prefix(40) {
                    local.append(Example(signals: candidate.signals, pairs: candidate.pairs, label: false))
                }
            }
            shared[chunk] = local
        }
        return (0..<chunks).flatMap { results[$0] }
    }

    /// Logistic regression with L2 (not on the bias) and balanced class weights, by full-batch Adam.
    static func train(_ examples: [Example], iterations: Int = 300, l2: Float = 1e-3) -> BlendModel {
        let dense = BlendModel.Signal.allCases.count
        let buckets = BlendModel.pairBuckets
        var w = [Float](repeating: 0, count: dense + buckets)
        var m = w, v = w
        let positives = Float(examples.filter(\.label).count)
        let negatives = Float(examples.count) - positives
        let positiveWeight = Float(examples.count) / (2 * max(positives, 1))
        let negativeWeight = Float(examples.count) / (2 * max(negatives, 1))
        let rate: Float = 0.05, beta1: Float = 0.9, beta2: Float = 0.999
        for step in 1...iterations {
            var gradient = [Float](repeating: 0, count: w.count)
            for example in examples {
                var z: Float = 0
                for i in 0..<dense { z += w[i] * example.signals[i] }
                for b in example.pairs { z += w[dense + Int(b)] }
                let p = 1 / (1 + exp(-z))
                let error = (p - (example.label ? 1 : 0)) * (example.label ? positiveWeight : negativeWeight)
                for i in 0..<dense { gradient[i] += error * example.signals[i] }
                for b in example.pairs { gradient[dense + Int(b)] += error }
            }
            let scale = 1 / Float(examples.count)
            for i in 0..<w.count {
                var g = gradient[i] * scale
                if i != BlendModel.Signal.bias.rawValue { g += l2 * w[i] }
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                let mHat = m[i] / (1 - pow(beta1, Float(step))), vHat = v[i] / (1 - pow(beta2, Float(step)))
                w[i] -= rate * mHat / (vHat.squareRoot() + 1e-8)
            }
        }
        return BlendModel(weights: Array(w[0..<dense]), pairWeights: Array(w[dense...]), origin: "fitted")
    }
}
