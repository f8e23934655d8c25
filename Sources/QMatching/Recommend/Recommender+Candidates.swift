import Foundation
import QGraph

/// What the signals need to know about the member asking, found once per asker.
struct AskerContext {
    let row: Int
    let profile: QueryProfile
    let vector: [Float]
    let hasContent: Bool
    let groups: Set<Int32>, needs: Set<Int32>, offers: Set<Int32>
    /// log(rows), the scale of the PageRank signal.
    let logN: Float
    /// The asker's attributes of each candidate attribute's field, filled as candidates are scored.
    let sameField = SameFieldCache()

    init(_ recommender: Recommender, row: Int, profile: QueryProfile? = nil, vector: [Float]? = nil) {
        let view = recommender.view
        self.row = row
        self.profile = profile ?? view.profile(row)
        self.vector = vector ?? view.vector(row)
        hasContent = self.vector.contains { $0 != 0 }
        groups = Set(self.profile.groups.compactMap { view.codes.group($0) })
        needs = Set(self.profile.needs.compactMap { view.codes.topic($0) })
        offers = Set(self.profile.offers.compactMap { view.codes.topic($0) })
        logN = Float(log(Double(max(view.rowCount, 2))))
    }
}

/// Per attribute code, the asker's attributes of the same field: found once per asker (candidates share
/// codes) rather than once per candidate.
final class SameFieldCache {
    var byCode: [Int32: [String]] = [:]
}

/// Where a candidate stands in the graph seen from the asker: two-hop scores and personalized PageRank.
struct PairProximity {
    var commonNeighbours: Float
    var adamicAdar: Float
    var resourceAllocation: Float
    var pageRank: Float
    /// Three-hop paths through two-hop nodes (computed only for the learned ranking).
    var threeHop: Float = 0
    /// Weighted common neighbours (computed only for the learned ranking).
    var weightedCommon: Float = 0
}

/// One candidate with its signals (in ``BlendModel/Signal`` order) and its hashed attribute pairs.
struct CandidateSignals {
    let row: Int
    var signals: [Float]
    var pairs: [Int32]
    /// The learned ranking's features (``RankFeature`` order), empty when no learned ranking is used.
    var features: [Float] = []
}

extension Recommender {
    /// Whether `row` passes the request's filters.
    func passes(_ row: Int, _ filters: RecommendFilters) -> Bool {
        guard !filters.isEmpty else { return true }
        func matches(_ code: Int32, _ field: String, _ wanted: String?) -> Bool {
            guard let wanted else { return true }
            return code >= 0 && view.codes.categories[Int(code)] == field + "=" + wanted.lowercased()
        }
        guard matches(view.region(row), "region", filters.region), matches(view.sector(row), "sector", filters.sector),
              matches(view.role(row), "role", filters.role) else { return false }
        if let group = filters.group {
            guard let code = view.codes.group(group), view.groups(row).contains(code) else { return false }
        }
        return true
    }

    /// The union of the candidate sources (content neighbours, two-hop and PageRank neighbours, the most
    /// connected members, complementary intent), each with every signal computed.
    func generate(row: Int, profile: QueryProfile, excluded: Set<Int>, filters: RecommendFilters,
                  scratch: RankingScratch, contentCandidates: [Neighbour]? = nil) -> [CandidateSignals] {
        let graph = view.graph
        let node = view.node(of: row)
        var blocked = excluded
        blocked.insert(row)
        for neighbour in view.neighbours(of: row) { blocked.insert(neighbour) }
        func admits(_ candidate: Int) -> Bool {
            view.isVisible(candidate) && !blocked.contains(candidate) && passes(candidate, filters)
        }
        scratch.reserve(rows: view.rowCount)
        let local = scratch.neighbourhood
        let stamp = scratch.nextGeneration()
        var pool: [Int] = []
        func add(_ candidate: Int) {
            guard scratch.candidateStamp[candidate] != stamp, admits(candidate) else { return }
            scratch.candidateStamp[candidate] = stamp
            pool.append(candidate)
        }
        // Content.
        let vector = view.vector(row)
        let hasContent = vector.contains { $0 != 0 }
        if hasContent, let contentCandidates {
            for neighbour in contentCandidates { add(neighbour.row) }
            for neighbour in view.nearestAdded(to: vector, k: candidatesPerSource, excluded: blocked,
                                               admits: filters.isEmpty ? nil : { passes($0, filters) }) {
                add(neighbour.row)
            }
        } else if hasContent {
            for neighbour in view.nearest(toRow: row, k: candidatesPerSource, excluded: blocked,
                                          admits: filters.isEmpty ? nil : { passes($0, filters) }) {
                add(neighbour.row)
            }
        }
        // Graph: two-hop scores and local PageRank, over the snapshot's nodes.
        var hasGraph = false
        if let node, graph.offsets[node + 1] > graph.offsets[node] {
            hasGraph = true
            local.twoHop(from: node, graph: graph)
            for candidate in best(local.twoHopTouched, by: local.adamicAdar, admits) { add(candidate) }
            local.pushPageRank(from: node, graph: graph, epsilon: 1e-4)
            for candidate in best(local.pushTouched, by: local.pagerank, admits) { add(candidate) }
        }
        // The most connected members, a few: in some communities ties go mostly to them.
        var popularAdded = 0
        for node in view.lookups.popular where popularAdded < candidatesPerSource / 4 {
            let candidate = view.row(ofNode: Int(node))
            guard scratch.candidateStamp[candidate] != stamp, admits(candidate) else { continue }
            add(candidate)
            popularAdded += 1
        }
        // Complementary intent: people offering what I need, and needing what I offer.
        var lists: [[Int32]] = []
        for need in profile.needs.sorted() {
            if let code = view.codes.topic(need) { lists.append(view.offering(code)) }
        }
        for offer in profile.offers.sorted() {
            if let code = view.codes.topic(offer) { lists.append(view.needing(code)) }
        }
        if lists.contains(where: { !$0.isEmpty }) {
            // Keep the complementary candidates closest in content (or the first by row without content),
            // looking at a bounded number of them (the first 1,500 admitted, in list order) so that popular
            // topics do not make a query slow.
            var seen = Set<Int>()
            var unique: [Int] = []
            scan: for list in lists {
                for candidate in list.lazy.map(Int.init) where admits(candidate) && seen.insert(candidate).inserted {
                    unique.append(candidate)
                    if unique.count == 1_500 { break scan }
                }
            }
            let wanted = candidatesPerSource / 2
            let ordered: [Int]
            if hasContent {
                // The best `wanted` by content (ties by lower row): a bounded heap, not a sort of them all.
                var closest = TopK<Float>(limit: wanted)
                for candidate in unique { closest.offer(Int32(candidate), view.dot(vector, candidate)) }
                ordered = closest.entries().map { Int($0.node) }
            } else {
                ordered = Array(unique.sorted().prefix(wanted))
            }
            for candidate in ordered { add(candidate) }
        }
        // Signals.
        let asker = AskerContext(self, row: row, profile: profile, vector: vector)
        // Features for the trees when they rank this asker, or for training (a ranker without trees).
        let wantsFeatures = ranker.map { !$0.isTrained || usesLearnedRanking(row: row) } ?? false
        var proximities: [PairProximity?] = []
        var result = pool.map { candidate -> CandidateSignals in
            var proximity: PairProximity?
            if hasGraph, let candidateNode = view.node(of: candidate) {
                // twoHop arrays are zero outside the touched set, so reading them is always correct.
                proximity = PairProximity(commonNeighbours: local.commonNeighbours[candidateNode],
                                          adamicAdar: local.adamicAdar[candidateNode],
                                          resourceAllocation: local.resourceAllocation[candidateNode],
                                          pageRank: local.pagerank[candidateNode])
                if wantsFeatures {
                    proximity!.threeHop = threeHopPaths(to: candidateNode, local)
                    proximity!.weightedCommon = local.weightedCommon[candidateNode]
                }
            }
            if wantsFeatures { proximities.append(proximity) }
            return signals(asker, candidate, proximity: proximity, scratch: scratch)
        }
        // The learned ranking's features, with PageRank again at a shorter reach (the push above is read first).
        if let ranker, wantsFeatures {
            var near = [Float](repeating: 0, count: pool.count)
            if hasGraph, let node {
                local.pushPageRank(from: node, graph: graph, damping: 0.5, epsilon: 1e-4)
                for (i, candidate) in pool.enumerated() {
                    if let candidateNode = view.node(of: candidate) { near[i] = local.pagerank[candidateNode] }
                }
            }
            let askerCodes = Set(view.attributes(row))
            for i in result.indices {
                result[i].features = rankFeatures(asker, result[i], proximity: proximities[i], pageRankNear: near[i],
                                                  askerAttributes: askerCodes, affinity: ranker.affinity)
            }
        }
        return result
    }

    /// The signals of `candidate` for the asker (in ``BlendModel/Signal`` order) and their hashed attribute
    /// pairs; `proximity` is the pair's place in the graph seen from the asker (nil: no graph signals).
    func signals(_ asker: AskerContext, _ candidate: Int, proximity: PairProximity?,
                 scratch: RankingScratch) -> CandidateSignals {
        let graph = view.graph
        let profile = asker.profile
        var s = [Float](repeating: 0, count: BlendModel.Signal.allCases.count)
        if asker.hasContent { s[BlendModel.Signal.content.rawValue] = view.dot(asker.vector, candidate) }
        let candidateNode = view.node(of: candidate)
        if let proximity {
            s[BlendModel.Signal.commonNeighbours.rawValue] = Float(log1p(Double(proximity.commonNeighbours)))
            s[BlendModel.Signal.adamicAdar.rawValue] = proximity.adamicAdar
            s[BlendModel.Signal.resourceAllocation.rawValue] = 10 * proximity.resourceAllocation
            let pr = proximity.pageRank, logN = asker.logN
            s[BlendModel.Signal.pageRank.rawValue] = pr > 0 ? max(0, (log(pr) + logN) / logN) : 0
        }
        var theyHelp = 0, youHelp = 0
        for code in view.offers(candidate) where asker.needs.contains(code) { theyHelp += 1 }
        for code in view.needs(candidate) where asker.offers.contains(code) { youHelp += 1 }
        s[BlendModel.Signal.theyCanHelp.rawValue] = Float(min(theyHelp, 3)) / 3
        s[BlendModel.Signal.youCanHelp.rawValue] = Float(min(youHelp, 3)) / 3
        s[BlendModel.Signal.helpsBothWays.rawValue] = theyHelp > 0 && youHelp > 0 ? 1 : 0
        var shared: Float = 0
        for code in view.groups(candidate) where asker.groups.contains(code) {
            shared += 1 / Float(log2(1 + Double(max(1, view.groupSizes[Int(code)]))))
        }
        s[BlendModel.Signal.sharedGroups.rawValue] = min(shared, 3)
        let degree = candidateNode.map { graph.offsets[$0 + 1] - graph.offsets[$0] } ?? 0
        s[BlendModel.Signal.popularity.rawValue] = Float(log1p(Double(degree))) / 5
        func same(_ code: Int32, _ text: String?) -> Float {
            code >= 0 && text != nil && view.codes.categories[Int(code)] == text ? 1 : 0
        }
        s[BlendModel.Signal.sameNation.rawValue] = same(view.nation(candidate), profile.nation)
        s[BlendModel.Signal.sameSector.rawValue] = same(view.sector(candidate), profile.sector)
        s[BlendModel.Signal.sameRole.rawValue] = same(view.role(candidate), profile.role)
        s[BlendModel.Signal.sameRegion.rawValue] = same(view.region(candidate), profile.region)
        s[BlendModel.Signal.bias.rawValue] = 1
        return CandidateSignals(row: candidate, signals: s, pairs: pairBuckets(profile, candidate, scratch, sameField: asker.sameField))
    }

    /// The current rows of the `candidatesPerSource` best of graph `nodes` by `score` (higher first, then
    /// lower node) that `admits` takes, by a bounded heap rather than a full sort.
    func best(_ nodes: [Int32], by score: [Float], _ admits: (Int) -> Bool) -> [Int] {
        var best = TopK<Float>(limit: candidatesPerSource)
        for node in nodes {
            let value = score[Int(node)]
            guard value > 0, value >= best.threshold ?? 0, admits(view.row(ofNode: Int(node))) else { continue }
            best.offer(node, value)
        }
        return best.entries().map { view.row(ofNode: Int($0.node)) }
    }

    /// Hashed pairs (query value × candidate value) of role, sector, nation and each extra attribute.
    /// - Parameter sameField: per attribute code, the query's attributes of the same field, found once per
    ///   query (candidates share codes) rather than once per candidate.
    func pairBuckets(_ profile: QueryProfile, _ candidate: Int, _ scratch: RankingScratch,
                     sameField: SameFieldCache) -> [Int32] {
        let categories = view.codes.categories
        let snapshotCategories = view.index.facts.categories.count
        var buckets: [Int32] = []
        func pair(_ mine: String, _ code: Int32) {
            // Pairs of snapshot codes are cached (codes added since the build are hashed every time).
            guard let mineCode = view.codes.category(mine), Int(mineCode) < snapshotCategories,
                  Int(code) < snapshotCategories else {
                buckets.append(BlendModel.bucket(mine, categories[Int(code)]))
                return
            }
            let key = UInt64(UInt32(bitPattern: mineCode)) << 32 | UInt64(UInt32(bitPattern: code))
            if let cached = scratch.bucketCache[key] {
                buckets.append(cached)
            } else {
                let bucket = BlendModel.bucket(mine, categories[Int(code)])
                scratch.bucketCache[key] = bucket
                buckets.append(bucket)
            }
        }
        if let role = profile.role, view.role(candidate) >= 0 { pair(role, view.role(candidate)) }
        if let sector = profile.sector, view.sector(candidate) >= 0 { pair(sector, view.sector(candidate)) }
        if let nation = profile.nation, view.nation(candidate) >= 0 { pair(nation, view.nation(candidate)) }
        for code in view.attributes(candidate) {
            let matching: [String]
            if let known = sameField.byCode[code] {
                matching = known
            } else {
                let field = categories[Int(code)].prefix { $0 != "=" }
                matching = profile.attributes.filter { $0.hasPrefix(field + "=") }
                sameField.byCode[code] = matching
            }
            for mine in matching { pair(mine, code) }
        }
        return buckets
    }
}
