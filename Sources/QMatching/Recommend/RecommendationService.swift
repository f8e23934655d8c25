import Foundation
import QProfiles

/// One member's suggestions, shaped like the CLI's and the server's JSON.
public struct MemberRecommendations: Sendable, Codable {
    public struct Item: Sendable, Codable {
        public let id: MemberID
        public let name: String
        public let score: Float
        public let reasons: [String]
        public let breakdown: [Part]?
    }
    public struct Part: Sendable, Codable {
        public let signal: String
        public let value: Float
    }
    public let member: MemberID
    public let blend: String
    public let recommendations: [Item]
}

/// Recommendations over the store (the system of record: who is connected, dismissed, visible now) and the
/// index (vectors, graph, facts, blend). Used by the CLI and the server alike.
public struct RecommendationService: Sendable {
    public let store: ProfileStore
    public let matcher: Matcher
    public let recommender: Recommender

    public init(store: ProfileStore, matcher: Matcher, useFittedBlend: Bool = true) {
        self.store = store
        self.matcher = matcher
        recommender = Recommender(index: matcher.index, useFittedBlend: useFittedBlend)
    }

    /// "default", "fitted", or the single signal chosen at build time.
    var blendName: String { recommender.blend.origin.components(separatedBy: " blend").first ?? "default" }

    /// Suggestions for member `id`, with reasons (and the score breakdown with `explain`).
    /// - Throws: ``MatchingError`` (not found) when the member does not exist.
    public func recommend(for id: MemberID, limit: Int, filters: RecommendFilters = .init(),
                          explain: Bool = false) async throws -> MemberRecommendations {
        guard let member = try await store.member(id) else { throw MatchingError.notFound("no member '\(id)'") }
        let index = matcher.index
        let row = index.row(of: id)
        var excluded = Set(try await store.connectedIDs(of: id).compactMap { index.row(of: $0) })
        var shown: [Int: Int] = [:]
        for (other, actions) in try await store.feedback(of: id) {
            guard let otherRow = index.row(of: other) else { continue }
            if actions[.dismiss] != nil || actions[.connected] != nil { excluded.insert(otherRow) }
            if let times = actions[.shown] { shown[otherRow] = times }
        }
        let profile = QueryProfile(member)
        let ranked = recommender.recommend(row: row, vector: index.model.vector(for: member), profile: profile,
                                           visible: matcher.visible, excluded: excluded, shown: shown,
                                           filters: filters, limit: limit)
        let candidates = try await store.members(ranked.map { index.ids[$0.row] })
        let groupNames = try await store.groupNames(Array(profile.groups))
        var mutualNames: [MemberID: String] = [:]
        if let row {
            let mutualIDs = ranked.flatMap { mutuals(row, $0.row).prefix(3) }.map { index.ids[$0] }
            for (mutualID, mutual) in try await store.members(mutualIDs) where mutual.discoverable {
                mutualNames[mutualID] = mutual.name
            }
        }
        let items = ranked.compactMap { candidate -> MemberRecommendations.Item? in
            guard let other = candidates[index.ids[candidate.row]], other.discoverable else { return nil }
            return MemberRecommendations.Item(
                id: other.id, name: other.name, score: candidate.score,
                reasons: reasons(profile: profile, row: row, candidate: candidate.row, groupNames: groupNames,
                                 names: mutualNames, signals: candidate.signals),
                breakdown: explain ? recommender.blend.breakdown(candidate.signals, pairs: candidate.pairs)
                    .map { MemberRecommendations.Part(signal: $0.name, value: $0.value) } : nil)
        }
        return MemberRecommendations(member: id, blend: blendName, recommendations: items)
    }

    /// Suggestions for each of `rows` (the index's members), as JSON lines of the design's batch format,
    /// computed on all cores and handed to `emit` in row order, a block at a time.
    public func recommendAll(rows: [Int], limit: Int, filters: RecommendFilters = .init(),
                             emit: (String, Int) throws -> Void) async throws {
        let index = matcher.index
        var excluded: [Int: Set<Int>] = [:]
        for connection in try await store.connections() {
            guard let a = index.row(of: connection.source), let b = index.row(of: connection.target) else { continue }
            excluded[a, default: []].insert(b)
            excluded[b, default: []].insert(a)
        }
        for (member, other) in try await store.dismissals() {
            guard let a = index.row(of: member), let b = index.row(of: other) else { continue }
            excluded[a, default: []].insert(b)
        }
        let names = try await store.discoverableNames()
        let groupNames = try await store.groupNames()
        let exclusions = excluded
        // Content candidates of every member at once: one blocked GEMM pass instead of a GEMV per member.
        let eligible = filters.isEmpty ? matcher.visible
            : (0..<index.ids.count).map { matcher.visible[$0] && recommender.passes($0, filters) }
        let lists = (0..<index.ids.count).map { Array(exclusions[$0] ?? []) }
        let content = index.interests.allNearest(k: recommender.candidatesPerSource, eligible: eligible,
                                                 exclusions: ExclusionLists(lists), threads: 2)
        let block = 512
        var done = 0
        for start in stride(from: 0, to: rows.count, by: block) {
            let slice = Array(rows[start..<min(start + block, rows.count)])
            let lines = BatchRunner.map(slice, nodeCount: index.ids.count) { row, scratch -> String in
                let profile = QueryProfile(row: row, facts: index.facts)
                let ranked = recommender.recommend(row: row, vector: index.interests.row(row), profile: profile,
                                                   visible: matcher.visible, excluded: exclusions[row] ?? [],
                                                   filters: filters, limit: limit, scratch: scratch,
                                                   contentCandidates: content.neighbours(of: row))
                let items = ranked.map { candidate in
                    BatchLine.Item(id: index.ids[candidate.row], score: candidate.score,
                                   reasons: reasons(profile: profile, row: row, candidate: candidate.row,
                                                    groupNames: groupNames, names: names, signals: candidate.signals))
                }
                return BatchLine.encode(member: index.ids[row], items: items)
            }
            done += slice.count
            try emit(lines.joined(), done)
        }
    }

    /// Visible members connected to both `row` and `candidate`, in row order.
    func mutuals(_ row: Int, _ candidate: Int) -> [Int] {
        let graph = matcher.index.graph
        let mine = Set(graph.neighbours(of: row).map(Int.init))
        return graph.neighbours(of: candidate).map(Int.init).filter { mine.contains($0) && matcher.visible[$0] }.sorted()
    }

    /// Specific, checkable reasons from the index's facts.
    func reasons(profile: QueryProfile, row: Int?, candidate: Int, groupNames: [String: String],
                 names: [MemberID: String], signals: [Float]) -> [String] {
        let index = matcher.index, facts = index.facts, model = index.model
        var reasons: [String] = []
        let shared = facts.interests[candidate].map { facts.topics[Int($0)] }.filter { profile.interests.contains($0) }
        let ranked = shared.map { text -> (String, Float) in
            let term = text.hasPrefix("method:") ? text : "topic:" + text
            return (text, model.column(of: term).map { model.idf[$0] } ?? 0)
        }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.map(\.0)
        let topics = ranked.filter { !$0.hasPrefix("method:") }.prefix(3)
        let methods = ranked.filter { $0.hasPrefix("method:") }.prefix(2).map { String($0.dropFirst("method:".count)) }
        if !topics.isEmpty { reasons.append("shared interests: " + topics.joined(separator: ", ")) }
        if !methods.isEmpty { reasons.append("both use " + methods.joined(separator: ", ")) }
        if let row {
            let mutual = mutuals(row, candidate)
            if !mutual.isEmpty {
                let named = mutual.compactMap { names[index.ids[$0]] }.filter { !$0.isEmpty }.prefix(3)
                reasons.append("\(mutual.count) mutual connection\(mutual.count == 1 ? "" : "s")"
                    + (named.isEmpty ? "" : ", including " + named.joined(separator: ", ")))
            }
        }
        let groups = facts.groups[candidate].map { facts.groupIDs[Int($0)] }.filter { profile.groups.contains($0) }
        if !groups.isEmpty {
            reasons.append("both in " + groups.prefix(2).map { groupNames[$0].flatMap { $0.isEmpty ? nil : $0 } ?? $0 }
                .joined(separator: ", ") + (groups.count > 2 ? " and \(groups.count - 2) more" : ""))
        }
        let canHelp = facts.offers[candidate].map { facts.topics[Int($0)] }.filter { profile.needs.contains($0) }
        if !canHelp.isEmpty { reasons.append("can help you with " + canHelp.prefix(3).joined(separator: ", ")) }
        let couldHelp = facts.needs[candidate].map { facts.topics[Int($0)] }.filter { profile.offers.contains($0) }
        if !couldHelp.isEmpty { reasons.append("you could help with " + couldHelp.prefix(3).joined(separator: ", ")) }
        var boundary: [String] = []
        func value(_ code: Int32) -> String? {
            code < 0 ? nil : String(facts.categories[Int(code)].drop { $0 != "=" }.dropFirst())
        }
        if let nation = profile.nation, facts.nation[candidate] >= 0, facts.categories[Int(facts.nation[candidate])] != nation {
            boundary.append("in " + (value(facts.region[candidate]).map(Self.titleCase) ?? value(facts.nation[candidate]).map(Self.titleCase) ?? ""))
        }
        if let sector = profile.sector, facts.sector[candidate] >= 0, facts.categories[Int(facts.sector[candidate])] != sector,
           let theirs = value(facts.sector[candidate]) {
            boundary.append("in " + theirs.replacingOccurrences(of: "-", with: " "))
        }
        if !boundary.isEmpty { reasons.append("works " + boundary.joined(separator: ", ")) }
        if reasons.isEmpty {
            reasons.append(String(format: "similar interests (content similarity %.2f)", signals[0]))
        }
        return reasons
    }

    static func titleCase(_ text: String) -> String {
        text.split(separator: " ").map { word in
            ["and", "of", "the"].contains(word) ? String(word) : word.prefix(1).uppercased() + word.dropFirst()
        }.joined(separator: " ")
    }
}
