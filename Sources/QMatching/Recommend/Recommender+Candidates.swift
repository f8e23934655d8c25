import Foundation
import QGraph

/// One candidate with its signals (in ``BlendModel/Signal`` order) and its hashed attribute pairs.
struct CandidateSignals {
    let row: Int
    var signals: [Float]
    var pairs: [Int32]
}

extension Recommender {
    /// Whether `row` passes the request's filters.
    func passes(_ row: Int, _ filters: RecommendFilters) -> Bool {
        guard !filters.isEmpty else { return true }
        let facts = index.facts
        func matches(_ code: Int32, _ field: String, _ wanted: String?) -> Bool {
            guard let wanted else { return true }
            return code >= 0 && facts.categories[Int(code)] == field + "=" + wanted.lowercased()
        }
        guard matches(facts.region[row], "region", filters.region), matches(facts.sector[row], "sector", filters.sector),
              matches(facts.role[row], "role", filters.role) else { return false }
        if let group = filters.group {
            guard let code = groupCode[group], facts.groups[row].contains(code) else { return false }
        }
        return true
    }

    /// The union of the candidate sources, each with every signal computed.
    func generate(row: Int?, vector: [Float], profile: QueryProfile, visible: [Bool], excluded: Set<Int>,
                  filters: RecommendFilters, scratch: RankingScratch,
                  contentCandidates: [Neighbour]? = nil) -> [CandidateSignals] {
        let graph = index.graph
        let n = index.ids.count
        var blocked = excluded
        if let row {
            blocked.insert(row)
            for e in graph.offsets[row]..<graph.offsets[row + 1] { blocked.insert(Int(graph.targets[e])) }
        }
        func admits(_ candidate: Int) -> Bool {
            visible[candidate] && !blocked.contains(candidate) && passes(candidate, filters)
        }
        let stamp = scratch.nextGeneration()
        var pool: [Int] = []
        func add(_ candidate: Int) {
            guard scratch.candidateStamp[candidate] != stamp, admits(candidate) else { return }
            scratch.candidateStamp[candidate] = stamp
            pool.append(candidate)
        }
        // Content.
        let hasContent = vector.contains { $0 != 0 }
        if hasContent, let contentCandidates {
            for neighbour in contentCandidates { add(neighbour.row) }
        } else if hasContent {
            let eligible = filters.isEmpty ? visible : (0..<n).map { visible[$0] && passes($0, filters) }
            for neighbour in index.interests.nearest(to: vector, k: candidatesPerSource,
                                                    filter: RowFilter(eligible: eligible, excluded: blocked)) {
                add(neighbour.row)
            }
        }
        // Graph: two-hop scores and local PageRank.
        var hasGraph = false
        if let row, graph.offsets[row + 1] > graph.offsets[row] {
            hasGraph = true
            scratch.twoHop(from: row, graph: graph)
            for candidate in best(scratch.twoHopTouched, by: scratch.adamicAdar, admits) { add(candidate) }
            scratch.pushPageRank(from: row, graph: graph, epsilon: 1e-4)
            for candidate in best(scratch.pushTouched, by: scratch.pagerank, admits) { add(candidate) }
        }
        // Complementary intent: people offering what I need, and needing what I offer.
        var complementary: [Int] = []
        for need in profile.needs.sorted() { if let code = topicCode[need] { complementary += offering[Int(code)].map(Int.init) } }
        for offer in profile.offers.sorted() { if let code = topicCode[offer] { complementary += needing[Int(code)].map(Int.init) } }
        if !complementary.isEmpty {
            // Keep the complementary candidates closest in content (or the first by row without content),
            // looking at a bounded number of them so that popular topics do not make a query slow.
            var seen = Set<Int>()
            var unique: [Int] = []
            for candidate in complementary where unique.count < 1_500 && admits(candidate) && seen.insert(candidate).inserted {
                unique.append(candidate)
            }
            let ordered = hasContent
                ? unique.map { ($0, dot(vector, $0)) }.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.map(\.0)
                : unique.sorted()
            for candidate in ordered.prefix(candidatesPerSource / 2) { add(candidate) }
        }
        // Signals.
        let queryGroups = Set(profile.groups.compactMap { groupCode[$0] })
        let queryNeeds = Set(profile.needs.compactMap { topicCode[$0] })
        let queryOffers = Set(profile.offers.compactMap { topicCode[$0] })
        let facts = index.facts
        let logN = Float(log(Double(max(n, 2))))
        return pool.map { candidate in
            var s = [Float](repeating: 0, count: BlendModel.Signal.allCases.count)
            if hasContent { s[BlendModel.Signal.content.rawValue] = dot(vector, candidate) }
            if hasGraph {
                // twoHop arrays are zero outside the touched set, so reading them is always correct.
                s[BlendModel.Signal.commonNeighbours.rawValue] = Float(log1p(Double(scratch.commonNeighbours[candidate])))
                s[BlendModel.Signal.adamicAdar.rawValue] = scratch.adamicAdar[candidate]
                s[BlendModel.Signal.resourceAllocation.rawValue] = 10 * scratch.resourceAllocation[candidate]
                let pr = scratch.pagerank[candidate]
                s[BlendModel.Signal.pageRank.rawValue] = pr > 0 ? max(0, (log(pr) + logN) / logN) : 0
            }
            let theyHelp = facts.offers[candidate].filter { queryNeeds.contains($0) }.count
            let youHelp = facts.needs[candidate].filter { queryOffers.contains($0) }.count
            s[BlendModel.Signal.theyCanHelp.rawValue] = Float(min(theyHelp, 3)) / 3
            s[BlendModel.Signal.youCanHelp.rawValue] = Float(min(youHelp, 3)) / 3
            s[BlendModel.Signal.helpsBothWays.rawValue] = theyHelp > 0 && youHelp > 0 ? 1 : 0
            var shared: Float = 0
            for code in facts.groups[candidate] where queryGroups.contains(code) {
                shared += 1 / Float(log2(1 + Double(facts.groupSizes[Int(code)])))
            }
            s[BlendModel.Signal.sharedGroups.rawValue] = min(shared, 3)
            let degree = graph.offsets[candidate + 1] - graph.offsets[candidate]
            s[BlendModel.Signal.popularity.rawValue] = Float(log1p(Double(degree))) / 5
            func same(_ code: Int32, _ text: String?) -> Float {
                code >= 0 && text != nil && facts.categories[Int(code)] == text ? 1 : 0
            }
            s[BlendModel.Signal.sameNation.rawValue] = same(facts.nation[candidate], profile.nation)
            s[BlendModel.Signal.sameSector.rawValue] = same(facts.sector[candidate], profile.sector)
            s[BlendModel.Signal.sameRole.rawValue] = same(facts.role[candidate], profile.role)
            s[BlendModel.Signal.sameRegion.rawValue] = same(facts.region[candidate], profile.region)
            s[BlendModel.Signal.bias.rawValue] = 1
            return CandidateSignals(row: candidate, signals: s, pairs: pairBuckets(profile, candidate, scratch))
        }
    }

    /// The `candidatesPerSource` best of `nodes` by `score` (higher first, then lower row) that `admits` takes,
    /// by a bounded heap rather than a full sort.
    func best(_ nodes: [Int32], by score: [Float], _ admits: (Int) -> Bool) -> [Int] {
        let heaps = TopKHeaps(count: 1, k: candidatesPerSource)
        var threshold = -Float.infinity
        for node in nodes {
            let value = score[Int(node)]
            guard value > 0, value >= threshold, admits(Int(node)) else { continue }
            heaps.offer(0, score: value, row: Int(node))
            threshold = heaps.threshold(0)
        }
        return heaps.sorted(0).map(\.row)
    }

    /// Hashed pairs (query value × candidate value) of role, sector, nation and each extra attribute.
    func pairBuckets(_ profile: QueryProfile, _ candidate: Int, _ scratch: RankingScratch) -> [Int32] {
        let facts = index.facts
        var buckets: [Int32] = []
        func pair(_ mine: String, _ code: Int32) {
            // Known query categories are cached by code pair; a category new since the build is hashed.
            guard let mineCode = categoryCode[mine] else {
                buckets.append(BlendModel.bucket(mine, facts.categories[Int(code)]))
                return
            }
            let key = UInt64(UInt32(bitPattern: mineCode)) << 32 | UInt64(UInt32(bitPattern: code))
            if let cached = scratch.bucketCache[key] {
                buckets.append(cached)
            } else {
                let bucket = BlendModel.bucket(mine, facts.categories[Int(code)])
                scratch.bucketCache[key] = bucket
                buckets.append(bucket)
            }
        }
        if let role = profile.role, facts.role[candidate] >= 0 { pair(role, facts.role[candidate]) }
        if let sector = profile.sector, facts.sector[candidate] >= 0 { pair(sector, facts.sector[candidate]) }
        if let nation = profile.nation, facts.nation[candidate] >= 0 { pair(nation, facts.nation[candidate]) }
        for code in facts.attributes[candidate] {
            let theirs = facts.categories[Int(code)]
            let field = theirs.prefix { $0 != "=" }
            for mine in profile.attributes where mine.hasPrefix(field + "=") { pair(mine, code) }
        }
        return buckets
    }

    func dot(_ vector: [Float], _ row: Int) -> Float {
        let d = index.interests.dimension
        let values = index.interests.values
        var sum: Float = 0
        let base = row * d
        for j in 0..<d { sum += vector[j] * values[base + j] }
        return sum
    }
}
