import Foundation
import QLinearAlgebra
import QGraph
import QProfiles

/// Fits the ranking blend on a community's own history (``RankingFitter`` hides the newest 20% of its
/// connections and generates candidates for the members who made them from what came before): a logistic
/// regression (L2, balanced classes, Adam) on the candidates' signals and hashed attribute pairs.
public enum BlendFitter {
    /// The fewest hidden ties found among candidates for a fit to replace the default blend.
    public static let minimumPositives = 30

    /// Fits and chooses the blend on labelled candidates of query members (``RankingFitter`` collects them).
    /// - Parameter history: what the queries were made from, for the blend's origin text.
    /// - Returns: the chosen blend, or nil when the queries hold too few positives.
    static func fit(queries: [[Example]], history: String, seed: UInt64 = 7) -> BlendModel? {
        // Model selection by 3-fold cross-validation over members: each fold's blend is trained on the other
        // two folds and scored (NDCG@10 over every candidate) on its own; the final blend is trained on all.
        var order = Array(queries.indices)
        var generator = SeededGenerator(seed: seed &+ 99)
        order.shuffle(using: &generator)
        let folds = 3
        let examples = trainingSet(queries, seed: seed)
        let positives = examples.filter(\.label).count
        guard positives >= minimumPositives, examples.count > positives else { return nil }
        var foldScores = [Double](repeating: 0, count: 4)   // fitted, default, adamic-adar, pagerank
        var validated = 0
        for fold in 0..<folds where queries.count >= folds {
            let held = order.indices.filter { $0 % folds == fold }.map { queries[order[$0]] }
            let rest = order.indices.filter { $0 % folds != fold }.map { queries[order[$0]] }
            let model = train(trainingSet(rest, seed: seed))
            for (i, contender) in [model, .default, single(.adamicAdar), single(.pageRank)].enumerated() {
                foldScores[i] += ndcg(contender, held, k: 10) * Double(held.count)
            }
            validated += held.count
        }
        var fitted = train(examples)
        fitted.origin = "fitted"
        // The choice: the fitted blend, the default, or a single graph signal, whichever validated best.
        let contenders = [fitted, .default, single(.adamicAdar), single(.pageRank)]
        let scores = foldScores.map { $0 / Double(max(validated, 1)) }
        let best = scores.indices.max { (scores[$0], -$0) < (scores[$1], -$1) } ?? 0
        var model = contenders[best]
        model.origin = "\(model.origin) blend, chosen by 3-fold cross-validation on \(validated) members (NDCG@10 "
            + zip(contenders, scores).map { "\($0.origin) \(String(format: "%.3f", $1))" }.joined(separator: ", ")
            + "); trained on \(examples.count) candidates (\(positives) positives) \(history)"
        return model
    }

    /// A blend of one signal (content breaks its ties).
    static func single(_ signal: BlendModel.Signal) -> BlendModel {
        var weights = [Float](repeating: 0, count: BlendModel.Signal.allCases.count)
        weights[signal.rawValue] = 1
        weights[BlendModel.Signal.content.rawValue] += 0.01   // breaks ties among candidates without the signal
        return BlendModel(weights: weights, pairWeights: [Float](repeating: 0, count: BlendModel.pairBuckets),
                          origin: signal.name + " only")
    }

    /// Every positive of each query and a seeded sample of 40 of its negatives (balanced enough for the
    /// logistic fit, small enough for full-batch training).
    static func trainingSet(_ queries: [[Example]], seed: UInt64) -> [Example] {
        var rng = SeededGenerator(seed: seed &+ 7)
        var examples: [Example] = []
        for query in queries {
            var negatives = query.filter { !$0.label }
            negatives.shuffle(using: &rng)
            examples += query.filter(\.label) + negatives.prefix(40)
        }
        return examples
    }

    /// Mean NDCG@k of a blend over queries' labelled candidates (ties broken by candidate order).
    static func ndcg(_ model: BlendModel, _ queries: [[Example]], k: Int) -> Double {
        ndcg(queries, scores: queries.map { $0.map { model.score($0.signals, pairs: $0.pairs) } }, k: k)
    }

    /// Mean NDCG@k of queries' labelled candidates ordered by `scores` (one per candidate; ties broken by
    /// candidate order).
    static func ndcg(_ queries: [[Example]], scores: [[Float]], k: Int) -> Double {
        guard !queries.isEmpty else { return 0 }
        return ndcgPerQuery(queries, scores: scores, k: k).reduce(0, +) / Double(queries.count)
    }

    /// NDCG@k of each query's labelled candidates ordered by `scores` (for paired comparisons of two rankings).
    static func ndcgPerQuery(_ queries: [[Example]], scores: [[Float]], k: Int) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(queries.count)
        for (query, values) in zip(queries, scores) {
            let scored = values.enumerated().map { ($0.offset, $0.element) }
                .sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }
            var dcg = 0.0
            for (position, (index, _)) in scored.prefix(k).enumerated() where query[index].label {
                dcg += 1 / log2(Double(position + 2))
            }
            let relevant = query.filter(\.label).count
            let ideal = (0..<min(relevant, k)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
            result.append(ideal > 0 ? dcg / ideal : 0)
        }
        return result
    }

    struct Example {
        let signals: [Float]
        let pairs: [Int32]
        /// ``RankFeature``s (empty unless collected for the learned ranking).
        let features: [Float]
        let label: Bool
    }

    /// Every candidate of each member with hidden ties (a seeded sample of `maxQueries` members), labelled
    /// by whether the tie was made; members whose candidates include none of their ties are left out.
    /// - Parameter ranker: when given, the candidates' ``RankFeature``s are computed too (with its affinity table).
    static func collectQueries(index: MatchingIndex, hidden: [(MemberID, MemberID)], maxQueries: Int,
                               seed: UInt64, ranker: LearnedRanker? = nil) -> [[Example]] {
        var targets: [Int: Set<Int>] = [:]
        for (a, b) in hidden {
            guard let ra = index.row(of: a), let rb = index.row(of: b) else { continue }
            if index.discoverable[rb] { targets[ra, default: []].insert(rb) }
            if index.discoverable[ra] { targets[rb, default: []].insert(ra) }
        }
        var queries = targets.keys.sorted()
        var generator = SeededGenerator(seed: seed)
        queries.shuffle(using: &generator)
        queries = Array(queries.prefix(maxQueries)).sorted()
        let recommender = Recommender(view: ServingView(index: index), blend: .default, ranker: ranker)
        let chunks = min(2, max(1, queries.count))
        let results = UnsafeMutablePointer<[[Example]]>.allocate(capacity: chunks)
        results.initialize(repeating: [], count: chunks)
        defer { results.deinitialize(count: chunks); results.deallocate() }
        let shared = SharedPointer(results)
        let queryList = queries, targetMap = targets
        Parallel.run(chunks: chunks) { chunk in
            let scratch = RankingScratch(nodeCount: index.ids.count)
            var local: [[Example]] = []
            for q in stride(from: chunk, to: queryList.count, by: chunks) {
                let row = queryList[q]
                let candidates = recommender.generate(row: row, profile: recommender.view.profile(row), excluded: [],
                                                      filters: .init(), scratch: scratch)
                let wanted = targetMap[row] ?? []
                let examples = candidates.map {
                    Example(signals: $0.signals, pairs: $0.pairs, features: $0.features, label: wanted.contains($0.row))
                }
                if examples.contains(where: \.label) { local.append(examples) }
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
