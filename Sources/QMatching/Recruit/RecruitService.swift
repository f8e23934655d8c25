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

/// Recruits over the store (current members of the group, who is visible now) and a serving view.
public struct RecruitService: Sendable {
    public let store: ProfileStore
    public let view: ServingView

    public init(store: ProfileStore, view: ServingView) {
        self.store = store
        self.view = view
    }

    /// Recruits for an existing group.
    /// - Throws: ``MatchingError`` (not found) for an unknown group.
    public func recruits(forGroup id: String, limit: Int, quotas: [RecruitQuota] = []) async throws -> RecruitList {
        guard let group = try await store.groups().first(where: { $0.id == id }) else {
            throw MatchingError.notFound("no group '\(id)'")
        }
        let memberIDs = try await store.memberIDs(inGroup: id)
        let rows = memberIDs.compactMap { view.row(of: $0) }
        let text = ([group.name, group.description] + group.keywords).joined(separator: ". ")
        return try await list(rows: rows, text: text, themes: commonInterests(rows.filter(view.isVisible)), brief: nil,
                              limit: limit, quotas: quotas, group: id, query: nil)
    }

    /// Recruits from a free-text brief (and keywords), for a group still being founded.
    public func recruits(forText text: String, keywords: [String] = [], limit: Int,
                         quotas: [RecruitQuota] = []) async throws -> RecruitList {
        let brief = ([text] + keywords).joined(separator: ". ")
        return try await list(rows: [], text: brief, themes: Set(Tokenizer.words(brief)), brief: brief, limit: limit,
                              quotas: quotas, group: nil, query: text)
    }

    func list(rows: [Int], text: String, themes: Set<String>, brief: String?, limit: Int, quotas: [RecruitQuota],
              group: String?, query: String?) async throws -> RecruitList {
        let result = Recruiter(view: view).recruit(memberRows: rows, text: text, limit: limit, quotas: quotas)
        let ids = result.recruits.map { view.id(of: $0.row) } + result.recruits.flatMap(\.ties).map { view.id(of: $0) }
        let people = try await store.members(ids)
        var names: [MemberID: String] = [:]
        for (id, person) in people where person.discoverable { names[id] = person.name }
        let reasons = Reasons(view: view, names: names)
        let items = result.recruits.compactMap { recruit -> RecruitList.Item? in
            guard let member = people[view.id(of: recruit.row)], member.discoverable else { return nil }
            // Ties are counted as the store has them now: a member hidden since is not counted.
            let ties = recruit.ties.map { view.id(of: $0) }.filter { names[$0] != nil }
            return RecruitList.Item(
                id: member.id, name: member.name, score: recruit.score,
                reasons: reasons.recruit(member, row: recruit.row, themes: themes, brief: brief, ties: ties,
                                         quotas: recruit.fills.map { quotas[$0].label }))
        }
        return RecruitList(group: group, query: query, recruits: items, quotas: result.quotas)
    }

    /// The topics most common among the group's members (lower-cased), and their words.
    func commonInterests(_ rows: [Int]) -> Set<String> {
        var counts: [String: Int] = [:]
        for row in rows { for code in view.interests(row) { counts[view.codes.topics[Int(code)], default: 0] += 1 } }
        let top = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(12).map(\.key)
        return Set(top.map { $0.hasPrefix("method:") ? String($0.dropFirst(7)) : $0 })
    }
}
