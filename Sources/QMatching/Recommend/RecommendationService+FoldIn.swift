import Foundation
import QProfiles

extension RecommendationService {
    /// A service over a recommender built once per index (the server shares it between requests).
    public init(store: ProfileStore, matcher: Matcher, recommender: Recommender) {
        self.store = store
        self.matcher = matcher
        self.recommender = recommender
    }

    /// Suggestions for member `id`, as ``recommend(for:limit:filters:explain:)``, with the discoverable members
    /// of `folded` who are not in the index (joined since the build) as candidates too: each scored by the
    /// same blend on the signals a profile alone gives (content, complementary intent, shared groups,
    /// attributes; no graph signals: they have no ties in the index), and placed by score.
    /// - Throws: ``MatchingError`` (not found) when the member does not exist.
    public func recommend(for id: MemberID, limit: Int, filters: RecommendFilters = .init(), explain: Bool = false,
                          folded: FoldedMembers) async throws -> MemberRecommendations {
        let base = try await recommend(for: id, limit: limit, filters: filters, explain: explain)
        let index = matcher.index
        let newcomers = folded.entries.values.filter {
            $0.member.discoverable && $0.member.id != id && index.row(of: $0.member.id) == nil
                && Self.passes($0.member, filters)
        }
        guard !newcomers.isEmpty, let member = try await store.member(id) else { return base }
        var excluded = try await store.connectedIDs(of: id)
        for (other, actions) in try await store.feedback(of: id)
        where actions[.dismiss] != nil || actions[.connected] != nil {
            excluded.insert(other)
        }
        let profile = QueryProfile(member)
        let vector = index.model.vector(for: member)
        let groupNames = try await store.groupNames()
        var extra: [MemberRecommendations.Item] = []
        for entry in newcomers where !excluded.contains(entry.member.id) {
            let (signals, pairs) = recommender.signals(of: entry.member, vector: entry.vector, for: profile,
                                                       queryVector: vector)
            var reasons = Reasons.between(member, and: entry.member, model: index.model, groupNames: groupNames)
            if reasons.isEmpty {
                reasons = [String(format: "similar interests (content similarity %.2f)", signals[0])]
            }
            extra.append(MemberRecommendations.Item(
                id: entry.member.id, name: entry.member.name, score: recommender.blend.score(signals, pairs: pairs),
                reasons: reasons,
                breakdown: explain ? recommender.blend.breakdown(signals, pairs: pairs)
                    .map { MemberRecommendations.Part(signal: $0.name, value: $0.value) } : nil))
        }
        guard !extra.isEmpty else { return base }
        extra.sort { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }
        // Keep the ranked order of the index's suggestions; place each newcomer before the first with a lower score.
        var merged = base.recommendations
        for item in extra {
            let position = merged.firstIndex { $0.score < item.score } ?? merged.count
            merged.insert(item, at: position)
        }
        return MemberRecommendations(member: base.member, blend: base.blend,
                                     recommendations: Array(merged.prefix(limit)))
    }

    /// Whether `member` passes the request's filters (as ``Recommender`` checks index rows).
    static func passes(_ member: Member, _ filters: RecommendFilters) -> Bool {
        func matches(_ value: String, _ wanted: String?) -> Bool {
            wanted.map { !value.isEmpty && value.lowercased() == $0.lowercased() } ?? true
        }
        return matches(member.region, filters.region) && matches(member.sector, filters.sector)
            && matches(member.role, filters.role) && (filters.group.map { member.groups.contains($0) } ?? true)
    }
}

extension Recommender {
    /// The blend's signals and pair buckets for a candidate known only by profile (not an index row).
    func signals(of candidate: Member, vector: [Float], for profile: QueryProfile,
                 queryVector: [Float]) -> ([Float], [Int32]) {
        typealias Signal = BlendModel.Signal
        let theirs = QueryProfile(candidate)
        var s = [Float](repeating: 0, count: Signal.allCases.count)
        s[Signal.content.rawValue] = FoldedMembers.dot(queryVector, vector)
        let theyHelp = theirs.offers.intersection(profile.needs).count
        let youHelp = theirs.needs.intersection(profile.offers).count
        s[Signal.theyCanHelp.rawValue] = Float(min(theyHelp, 3)) / 3
        s[Signal.youCanHelp.rawValue] = Float(min(youHelp, 3)) / 3
        s[Signal.helpsBothWays.rawValue] = theyHelp > 0 && youHelp > 0 ? 1 : 0
        var shared: Float = 0
        for group in theirs.groups.intersection(profile.groups) {
            let size = groupCode[group].map { Int(index.facts.groupSizes[Int($0)]) } ?? 1
            shared += 1 / Float(log2(1 + Double(size)))
        }
        s[Signal.sharedGroups.rawValue] = min(shared, 3)
        func same(_ a: String?, _ b: String?) -> Float { a != nil && a == b ? 1 : 0 }
        s[Signal.sameNation.rawValue] = same(theirs.nation, profile.nation)
        s[Signal.sameSector.rawValue] = same(theirs.sector, profile.sector)
        s[Signal.sameRole.rawValue] = same(theirs.role, profile.role)
        s[Signal.sameRegion.rawValue] = same(theirs.region, profile.region)
        s[Signal.bias.rawValue] = 1
        var pairs: [Int32] = []
        for (mine, other) in [(profile.role, theirs.role), (profile.sector, theirs.sector),
                              (profile.nation, theirs.nation)] {
            if let mine, let other { pairs.append(BlendModel.bucket(mine, other)) }
        }
        for other in theirs.attributes {
            let field = other.prefix { $0 != "=" }
            for mine in profile.attributes where mine.hasPrefix(field + "=") {
                pairs.append(BlendModel.bucket(mine, other))
            }
        }
        return (s, pairs)
    }
}
