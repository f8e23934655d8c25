import Foundation
import QProfiles

/// A recruit list, shaped like the CLI's and the server's JSON.
public struct RecruitList: Sendable, Codable {
    public struct Item: Sendable, Codable {
        public let id: MemberID
        public let name: String
        public let score: Float
        public let reasons: [String]
    }
    public let group: String?
    public let query: String?
    public let recruits: [Item]
    public let quotas: [QuotaOutcome]
}

/// Recruits over the store (current members of the group, who is visible now) and the index.
public struct RecruitService: Sendable {
    public let store: ProfileStore
    public let matcher: Matcher

    public init(store: ProfileStore, matcher: Matcher) {
        self.store = store
        self.matcher = matcher
    }

    /// Recruits for an existing group.
    /// - Throws: ``MatchingError`` (not found) for an unknown group.
    public func recruits(forGroup id: String, limit: Int, quotas: [RecruitQuota] = []) async throws -> RecruitList {
        guard let group = try await store.groups().first(where: { $0.id == id }) else {
            throw MatchingError.notFound("no group '\(id)'")
        }
        let memberIDs = try await store.memberIDs(inGroup: id)
        let rows = memberIDs.compactMap { matcher.index.row(of: $0) }
        let text = ([group.name, group.description] + group.keywords).joined(separator: ". ")
        let themes = commonInterests(rows)
        return try await list(rows: rows, text: text, themes: themes, limit: limit, quotas: quotas, group: id, query: nil)
    }

    /// Recruits from a free-text brief (and keywords), for a group still being founded.
    public func recruits(forText text: String, keywords: [String] = [], limit: Int,
                         quotas: [RecruitQuota] = []) async throws -> RecruitList {
        let brief = ([text] + keywords).joined(separator: ". ")
        let themes = Set(Tokenizer.words(brief))
        return try await list(rows: [], text: brief, themes: themes, limit: limit, quotas: quotas, group: nil, query: text)
    }

    func list(rows: [Int], text: String, themes: Set<String>, limit: Int, quotas: [RecruitQuota], group: String?,
              query: String?) async throws -> RecruitList {
        let index = matcher.index
        let result = Recruiter(index: index, visible: matcher.visible).recruit(memberRows: rows, text: text,
                                                                               limit: limit, quotas: quotas)
        let ids = result.recruits.map { index.ids[$0.row] } + result.recruits.flatMap { $0.ties.prefix(3) }.map { index.ids[$0] }
        let people = try await store.members(ids)
        let items = result.recruits.compactMap { recruit -> RecruitList.Item? in
            guard let member = people[index.ids[recruit.row]], member.discoverable else { return nil }
            var reasons: [String] = []
            let interests = (member.topics + member.methods).filter { topic in
                themes.contains(topic.lowercased()) || !Set(Tokenizer.words(topic)).isDisjoint(with: themes)
            }
            if !interests.isEmpty { reasons.append("interested in " + interests.prefix(3).joined(separator: ", ")) }
            if !recruit.ties.isEmpty {
                let names = recruit.ties.compactMap { people[index.ids[$0]] }.filter(\.discoverable).map(\.name).prefix(3)
                reasons.append("knows \(recruit.ties.count) member\(recruit.ties.count == 1 ? "" : "s") of the group"
                    + (names.isEmpty ? "" : ", including " + names.joined(separator: ", ")))
            }
            let place = [member.role, member.sector, member.region].filter { !$0.isEmpty }
            if !place.isEmpty { reasons.append(place.joined(separator: ", ").replacingOccurrences(of: "-", with: " ")) }
            return RecruitList.Item(id: member.id, name: member.name, score: recruit.score, reasons: reasons)
        }
        return RecruitList(group: group, query: query, recruits: items, quotas: result.quotas)
    }

    /// The topics most common among the group's members (lower-cased), and their words.
    func commonInterests(_ rows: [Int]) -> Set<String> {
        let facts = matcher.index.facts
        var counts: [String: Int] = [:]
        for row in rows { for code in facts.interests[row] { counts[facts.topics[Int(code)], default: 0] += 1 } }
        let top = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(12).map(\.key)
        return Set(top.map { $0.hasPrefix("method:") ? String($0.dropFirst(7)) : $0 })
    }
}
