import Foundation
import QLinearAlgebra
import QGraph
import QProfiles

/// Offline evaluation on held-out connections (the design's protocol): hide a share of the connections
/// (the newest, or a seeded random share), build everything from the rest, recommend for every member with
/// a hidden tie, and score the hidden ties, beside the baselines.
public enum Evaluation {
    public enum Method: String, CaseIterable, Sendable, Codable {
        case random, popularity, content, commonNeighbours = "common-neighbours", jaccard, adamicAdar = "adamic-adar"
        case attributeAdamicAdar = "attribute-adamic-adar", pageRank = "personalized-pagerank"
        case defaultBlend = "default-blend", fittedBlend = "fitted-blend", learnedRanking = "learned-ranking"
    }

    public struct Row: Sendable, Codable {
        public let method: String
        public let recall: Double
        public let precision: Double
        public let ndcg: Double
        public let mrr: Double
        /// Share of discoverable members recommended to anyone.
        public let coverage: Double
        /// Share of suggestions in another nation or sector than the member's.
        public let crossBoundary: Double
        /// Gini coefficient of how often each discoverable member is suggested (0 = equal exposure).
        public let exposureGini: Double
    }

    public struct Report: Sendable, Codable {
        public let holdout: String
        public let fraction: Double
        public let k: Int
        public let queries: Int
        public let hiddenPairs: Int
        public let blend: String
        /// How the learned ranking was trained and whether the build chose it ("none" without one).
        public let ranker: String
        /// Mean over the members evaluated of the share of their hidden ties that reach the candidate set at
        /// all (what any ranking of the candidates can find at most).
        public let candidateRecall: Double
        /// Mean candidates per member evaluated.
        public let candidates: Double
        /// Each feature's share of the learned ranking's total split gain, largest first (empty without one).
        public let featureGains: String
        public let rows: [Row]
    }

    /// - Parameters:
    ///   - maxQueries: evaluate at most this many members (a seeded sample), nil for all.
    ///   - progress: the stages: the build's (as `building: …`), then ranking by each method in turn, with the
    ///     fraction of methods done.
    public static func run(members: [Member], connections: [Connection], mode: HistorySplit.Mode, fraction: Double,
                           seed: UInt64, k: Int, maxQueries: Int? = nil, dimension: Int = 256,
                           methods: [Method] = Method.allCases, progress: StageProgress? = nil) throws -> Report {
        progress?("hiding connections", nil)
        let split = HistorySplit(connections, fraction: fraction, mode: mode, seed: seed)
        var buildProgress: StageProgress? = nil
        if let progress { buildProgress = { stage, fraction in progress("building: " + stage, fraction) } }
        let index = try MatchingIndex.build(members: members, connections: split.known, dimension: dimension,
                                            progress: buildProgress)
        let n = index.ids.count
        var hidden: [Int: Set<Int>] = [:]
        for (a, b) in split.hidden {
            guard let ra = index.row(of: a), let rb = index.row(of: b) else { continue }
            if index.discoverable[rb] { hidden[ra, default: []].insert(rb) }
            if index.discoverable[ra] { hidden[rb, default: []].insert(ra) }
        }
        var queries = hidden.keys.sorted()
        if let maxQueries, queries.count > maxQueries {
            var generator = SeededGenerator(seed: seed)
            queries.shuffle(using: &generator)
            queries = Array(queries.prefix(maxQueries)).sorted()
        }
        let visible = index.discoverable
        let degrees = (0..<n).map { index.graph.offsets[$0 + 1] - index.graph.offsets[$0] }
        let popular = (0..<n).filter { visible[$0] }.sorted { (degrees[$0], -$0) > (degrees[$1], -$1) }
        let view = ServingView(index: index)
        let defaultRecommender = Recommender(view: view, useFittedBlend: false)
        let fittedRecommender = Recommender(view: view, blend: index.blend ?? .default, ranker: nil)
        let learnedRecommender = Recommender(view: view, blend: index.blend ?? .default,
                                             ranker: index.ranker?.isTrained == true ? index.ranker : nil)
        var rows: [Row] = []
        let recommenders = [defaultRecommender, fittedRecommender, learnedRecommender]
        for (done, method) in methods.enumerated() {
            progress?("ranking by \(method.rawValue)", Double(done) / Double(max(methods.count, 1)))
            let lists = rankAll(queries: queries, method: method, index: index, k: k, seed: seed, popular: popular,
                                recommenders: recommenders)
            rows.append(score(method, lists: lists, queries: queries, hidden: hidden, index: index, k: k))
        }
        progress?("candidate recall", nil)
        let reach = candidateRecall(queries: queries, hidden: hidden, recommender: defaultRecommender)
        return Report(holdout: split.mode.rawValue, fraction: fraction, k: k, queries: queries.count,
                      hiddenPairs: split.hidden.count, blend: index.blend?.origin ?? "none fitted (too few connections)",
                      ranker: index.ranker?.origin ?? "none (too little history)", candidateRecall: reach.recall,
                      candidates: reach.candidates, featureGains: index.ranker?.gainSummary ?? "", rows: rows)
    }

    /// The mean share of each member's hidden ties among their candidates, and the mean number of candidates.
    static func candidateRecall(queries: [Int], hidden: [Int: Set<Int>],
                                recommender: Recommender) -> (recall: Double, candidates: Double) {
        let chunks = min(2, max(1, queries.count))
        let results = UnsafeMutablePointer<(Double, Int)>.allocate(capacity: chunks)
        results.initialize(repeating: (0, 0), count: chunks)
        defer { results.deinitialize(count: chunks); results.deallocate() }
        let shared = SharedPointer(results)
        Parallel.run(chunks: chunks) { chunk in
            let scratch = RankingScratch(nodeCount: recommender.view.rowCount)
            var recall = 0.0, candidates = 0
            for q in stride(from: chunk, to: queries.count, by: chunks) {
                let row = queries[q]
                let pool = recommender.generate(row: row, profile: recommender.view.profile(row), excluded: [],
                                                filters: .init(), scratch: scratch)
                let wanted = hidden[row] ?? []
                recall += Double(pool.filter { wanted.contains($0.row) }.count) / Double(max(wanted.count, 1))
                candidates += pool.count
            }
            shared[chunk] = (recall, candidates)
        }
        let count = Double(max(queries.count, 1))
        let recall = (0..<chunks).reduce(0.0) { $0 + results[$1].0 }
        let candidates = (0..<chunks).reduce(0) { $0 + results[$1].1 }
        return (recall / count, Double(candidates) / count)
    }

    /// - Parameter recommenders: the default blend's, the fitted blend's and the learned ranking's.
    static func rankAll(queries: [Int], method: Method, index: MatchingIndex, k: Int, seed: UInt64, popular: [Int],
                        recommenders: [Recommender]) -> [[Int]] {
        let chunks = min(2, max(1, queries.count))
        let results = UnsafeMutablePointer<[[Int]]>.allocate(capacity: chunks)
        results.initialize(repeating: [], count: chunks)
        defer { results.deinitialize(count: chunks); results.deallocate() }
        let shared = SharedPointer(results)
        Parallel.run(chunks: chunks) { chunk in
            let scratch = RankingScratch(nodeCount: index.ids.count)
            var local: [[Int]] = []
            for q in stride(from: chunk, to: queries.count, by: chunks) {
                local.append(rank(queries[q], method: method, index: index, k: k, seed: seed &+ UInt64(queries[q]),
                                  popular: popular, scratch: scratch, recommenders: recommenders))
            }
            shared[chunk] = local
        }
        // Back to query order.
        var lists = [[Int]](repeating: [], count: queries.count)
        for chunk in 0..<chunks {
            for (i, list) in results[chunk].enumerated() { lists[chunk + i * chunks] = list }
        }
        return lists
    }

    static func rank(_ row: Int, method: Method, index: MatchingIndex, k: Int, seed: UInt64, popular: [Int],
                     scratch: RankingScratch, recommenders: [Recommender]) -> [Int] {
        let graph = index.graph
        var blocked = Set([row])
        for e in graph.offsets[row]..<graph.offsets[row + 1] { blocked.insert(Int(graph.targets[e])) }
        let visible = index.discoverable
        func admits(_ candidate: Int) -> Bool { visible[candidate] && !blocked.contains(candidate) }
        func top(_ scores: [(Int, Float)]) -> [Int] {
            var best = TopK<Float>(limit: k)
            for (node, score) in scores where score > 0 && admits(node) { best.offer(Int32(node), score) }
            return best.entries().map { Int($0.node) }
        }
        let local = scratch.neighbourhood
        switch method {
        case .random:
            var generator = SeededGenerator(seed: seed)
            var picked: [Int] = []
            var tries = 0
            while picked.count < k, tries < 50 * k {
                tries += 1
                let candidate = Int(generator.next() % UInt64(index.ids.count))
                if admits(candidate), !picked.contains(candidate) { picked.append(candidate) }
            }
            return picked
        case .popularity:
            return Array(popular.lazy.filter(admits).prefix(k))
        case .content:
            return index.interests.nearest(to: index.interests.row(row), k: k,
                                           filter: RowFilter(eligible: visible, excluded: blocked)).map(\.row)
        case .commonNeighbours, .adamicAdar:
            local.twoHop(from: row, graph: graph)
            return top(local.twoHopTouched.map { node in
                (Int(node), method == .adamicAdar ? local.adamicAdar[Int(node)] : local.commonNeighbours[Int(node)])
            })
        case .jaccard:
            local.twoHop(from: row, graph: graph)
            let degree = { (node: Int) in Float(graph.offsets[node + 1] - graph.offsets[node]) }
            return top(local.twoHopTouched.map { node in
                let common = local.commonNeighbours[Int(node)]
                return (Int(node), common / max(degree(row) + degree(Int(node)) - common, 1))
            })
        case .attributeAdamicAdar:
            // Adamic-Adar, raised by a quarter for each categorical value shared (role, sector, region, nation,
            // each extra attribute): the usual attribute-aware heuristic.
            local.twoHop(from: row, graph: graph)
            let facts = index.facts
            let mine = Set(facts.attributes[row])
            return top(local.twoHopTouched.map { node in
                let other = Int(node)
                var shared = facts.attributes[other].filter { mine.contains($0) }.count
                for column in [facts.role, facts.sector, facts.region, facts.nation]
                where column[row] >= 0 && column[row] == column[other] { shared += 1 }
                return (other, local.adamicAdar[other] * (1 + 0.25 * Float(shared)))
            })
        case .pageRank:
            guard graph.offsets[row + 1] > graph.offsets[row] else { return [] }
            local.pushPageRank(from: row, graph: graph, epsilon: 1e-6)
            return top(local.pushTouched.map { (Int($0), local.pagerank[Int($0)]) })
        case .defaultBlend, .fittedBlend, .learnedRanking:
            let recommender = recommenders[method == .defaultBlend ? 0 : method == .fittedBlend ? 1 : 2]
            return recommender.recommend(row: row, limit: k, scratch: scratch).map(\.row)
        }
    }

    static func score(_ method: Method, lists: [[Int]], queries: [Int], hidden: [Int: Set<Int>], index: MatchingIndex,
                      k: Int) -> Row {
        var recall = 0.0, precision = 0.0, ndcg = 0.0, mrr = 0.0
        var exposure = [Int](repeating: 0, count: index.ids.count)
        var suggestions = 0, crossing = 0
        let facts = index.facts
        for (query, list) in zip(queries, lists) {
            let wanted = hidden[query] ?? []
            var dcg = 0.0, hits = 0, firstHit: Int? = nil
            for (position, candidate) in list.enumerated() {
                exposure[candidate] += 1
                suggestions += 1
                let crossesNation = facts.nation[query] >= 0 && facts.nation[candidate] >= 0
                    && facts.nation[query] != facts.nation[candidate]
                let crossesSector = facts.sector[query] >= 0 && facts.sector[candidate] >= 0
                    && facts.sector[query] != facts.sector[candidate]
                if crossesNation || crossesSector { crossing += 1 }
                if wanted.contains(candidate) {
                    hits += 1
                    dcg += 1 / log2(Double(position + 2))
                    if firstHit == nil { firstHit = position + 1 }
                }
            }
            let ideal = (0..<min(wanted.count, k)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
            recall += Double(hits) / Double(max(wanted.count, 1))
            precision += Double(hits) / Double(k)
            ndcg += ideal > 0 ? dcg / ideal : 0
            mrr += firstHit.map { 1 / Double($0) } ?? 0
        }
        let count = Double(max(queries.count, 1))
        let visibleRows = (0..<index.ids.count).filter { index.discoverable[$0] }
        let counts = visibleRows.map { Double(exposure[$0]) }.sorted()
        let total = counts.reduce(0, +)
        var gini = 0.0
        if total > 0 {
            let m = Double(counts.count)
            let weighted = counts.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * $1.element }
            gini = (2 * weighted) / (m * total) - (m + 1) / m
        }
        return Row(method: method.rawValue, recall: recall / count, precision: precision / count, ndcg: ndcg / count,
                   mrr: mrr / count, coverage: Double(visibleRows.filter { exposure[$0] > 0 }.count) / Double(max(visibleRows.count, 1)),
                   crossBoundary: suggestions == 0 ? 0 : Double(crossing) / Double(suggestions), exposureGini: gini)
    }
}
