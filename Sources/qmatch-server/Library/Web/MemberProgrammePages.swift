import Foundation
import Hummingbird
import QMatching
import QProfiles

/// A member's programme pages: groups to join (``GroupsForService``, with reasons) and the pairing rounds the
/// member took part in, with their partners (``RoundService``; discoverable partners only). The same services
/// as `GET /v1/members/{id}/groups` and `GET /v1/members/{id}/rounds`.
struct MemberProgrammePages: Sendable {
    let web: WebRoutes
    var store: ProfileStore { web.store }
    var pages: WebPages { web.pages }

    static let groupCount = 10

    func register(on web: RouterGroup<ServerContext>) {
        web.get("/me/groups") { request, context in try await groups(request, context) }
        web.get("/me/rounds") { request, context in try await rounds(request, context) }
    }

    // MARK: Groups to join

    struct GroupsContent {
        struct Item {
            let id: String
            let label: String
            let kind: String
            let size: String
            let reasons: [String]
        }
        let isHidden: Bool
        let groups: [Item]
        let hasGroups: Bool
    }

    static let kindNames: [String: String] = [
        "sig": "Special interest group", "exchange": "Q Exchange project", "lab": "Q Lab cohort",
        "event": "Event", "programme": "Programme", "other": "Group",
    ]

    func groups(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (session, id) = try web.member(context)
        let me = try await MemberPages(web: web).ownRecord(id)
        var items: [GroupsContent.Item] = []
        // The service answers for members others can see; an opted-out member is told why the list is empty.
        if me.discoverable {
            let live = web.state.current
            let service = GroupsForService(store: store, view: live.view)
            let recommender = try await web.organiserData.groupRecommender(service, generation: live.snapshot.generation,
                                                                           sequence: live.sequence)
            let found = try await service.suggestions(for: id, limit: Self.groupCount, using: recommender)
            items = found.groups.map {
                .init(id: $0.id, label: $0.name.isEmpty ? $0.id : $0.name, kind: Self.kindNames[$0.kind] ?? $0.kind,
                      size: $0.members == 1 ? "1 member" : "\($0.members) members", reasons: $0.reasons)
            }
        }
        return pages.render("member-groups", Page(title: "Groups to join", session: session, content: GroupsContent(
            isHidden: !me.discoverable, groups: items, hasGroups: !items.isEmpty)))
    }

    // MARK: My pairing rounds

    struct RoundsContent {
        struct Round {
            let id: Int
            let name: String
            let date: String
            let partners: [MemberPages.Person]
            let hasPartners: Bool
            let reasons: [String]
            let hasReasons: Bool
            let outcome: String?
        }
        let isHidden: Bool
        let rounds: [Round]
        let hasRounds: Bool
    }

    func rounds(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (session, id) = try web.member(context)
        let me = try await MemberPages(web: web).ownRecord(id)
        var shown: [RoundsContent.Round] = []
        if me.discoverable {
            // Newest first; each round holds the member's own group only, its members discoverable now.
            for round in try await RoundService(store: store, view: web.state.current.view).rounds(of: id).reversed() {
                let group = round.groups.first { $0.members.contains { $0.id == id } }
                let partners = (group?.members ?? []).filter { $0.id != id }
                    .map { MemberPages.Person(id: $0.id, name: $0.name, reasons: []) }
                let outcomes = round.outcomes.filter { $0.a == id || $0.b == id }
                let said: [String] = outcomes.map { item in
                    let other = item.a == id ? item.b : item.a
                    let name: String = partners.first { $0.id == other }?.name ?? "your partner"
                    return item.outcome == "met" ? "You met \(name)." : "You did not meet \(name)."
                }
                let outcome: String? = said.isEmpty ? nil : said.joined(separator: " ")
                shown.append(.init(id: round.id, name: round.name, date: String(round.created.prefix(10)),
                                   partners: partners, hasPartners: !partners.isEmpty,
                                   reasons: group?.reasons ?? [], hasReasons: !(group?.reasons ?? []).isEmpty,
                                   outcome: outcome))
            }
        }
        return pages.render("member-rounds", Page(title: "My pairing rounds", session: session, content: RoundsContent(
            isHidden: !me.discoverable, rounds: shown, hasRounds: !shown.isEmpty)))
    }
}
