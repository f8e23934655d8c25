import Foundation
import Hummingbird
import QMatching
import QPictures
import QProfiles

/// The organisers' pages: the community at a glance (figures and pictures), recruits for a group with
/// quotas, recruits from a brief for a group being founded, the community map, and the offline evaluation.
struct OrganiserPages: Sendable {
    let web: WebRoutes
    var store: ProfileStore { web.store }
    var pages: WebPages { web.pages }

    func register(on web: RouterGroup<ServerContext>) {
        web.get("/organiser") { request, context in try await glance(request, context) }
        web.get("/organiser/recruit") { request, context in try await recruit(request, context) }
        web.get("/organiser/brief") { request, context in try await brief(request, context, form: nil) }
        web.post("/organiser/brief") { request, context in
            let session = try self.web.organiser(context)
            let form = try await WebForm.body(of: request, limit: self.web.maxBodyBytes)
            try CSRF.check(form, session)
            return try await brief(request, context, form: form)
        }
        web.get("/organiser/map") { request, context in try await map(request, context) }
        web.get("/organiser/evaluation") { request, context in try await evaluation(request, context) }
        web.post("/organiser/evaluation") { request, context in try await runEvaluation(request, context) }
    }

    /// A picture to put in a page: its SVG is drawn by QPictures, every data text in it escaped there.
    struct Figure {
        let name: String
        let title: String
        let svg: String

        init(_ picture: Picture) {
            name = picture.name
            title = picture.title
            svg = picture.svg
        }
    }

    struct Stat {
        let label: String
        let value: String
    }

    // MARK: At a glance

    struct GlanceContent {
        let figures: [Stat]
        let pictures: [Figure]
    }

    func glance(_ request: Request, _ context: ServerContext) async throws -> Response {
        let session = try web.organiser(context)
        let live = web.state.current
        let data = try await web.organiserData.glance(sequence: live.sequence, store: store)
        let stats = data.stats
        let figures = [
            Stat(label: "Members", value: SVG.count(stats.members)),
            Stat(label: "Discoverable", value: SVG.count(stats.discoverable)),
            Stat(label: "Connected pairs", value: SVG.count(stats.connectedPairs)),
            Stat(label: "Connections per member (mean)", value: String(format: "%.1f", stats.degree.mean)),
            Stat(label: "Members with no connection", value: SVG.count(stats.degree.isolated)),
            Stat(label: "Ties crossing a nation or sector", value: SVG.percent(stats.crossNationOrSectorShare)),
            Stat(label: "Group memberships", value: SVG.count(stats.memberships)),
        ]
        let pictures = (CommunityPictures.distributions(stats) + CommunityPictures.trends(data.trend)).map(Figure.init)
        return pages.render("glance", Page(title: "The community at a glance", session: session,
                                           content: GlanceContent(figures: figures, pictures: pictures)))
    }

    // MARK: Recruiting

    struct RecruitContent {
        struct Outcome {
            let quota: String
            let text: String
            let isMet: Bool
        }
        let isBrief: Bool
        /// The group select's options (``OrganiserData/GroupChoices``: HTML, every text escaped).
        let groupOptions: String
        let limit: Int
        let quotas: String
        let text: String
        let keywords: String
        let heading: String?
        let people: [MemberPages.Person]
        let outcomes: [Outcome]
        let problem: String?
        /// Recruits were asked for and none came.
        let nobody: Bool
        let hasOutcomes: Bool
    }

    func recruit(_ request: Request, _ context: ServerContext) async throws -> Response {
        let session = try web.organiser(context)
        let query = try WebForm.query(of: request)
        let group = query["group"]
        let limit = try Self.limit(query)
        let quotaText = query["quotas"] ?? ""
        let groups = try await web.organiserData.groups(sequence: web.state.current.sequence, store: store)
        var list: RecruitList?
        var problem: String?
        if let group {
            do {
                list = try await RecruitService(store: store, view: web.state.current.view)
                    .recruits(forGroup: group, limit: limit, quotas: try Self.quotas(quotaText))
            } catch let error as WebError {
                problem = error.message
            } catch let error as MatchingError where error.isInvalidInput || error.isNotFound {
                problem = error.description
            }
        }
        let name = groups.groups.first { $0.id == group }?.name
        let content = RecruitContent(
            isBrief: false, groupOptions: groups.html(selected: group),
            limit: limit, quotas: quotaText, text: "", keywords: "", heading: list.map { _ in "Recruits for \(name ?? group ?? "")" },
            people: Self.people(list), outcomes: Self.outcomes(list), problem: problem,
            nobody: list?.recruits.isEmpty ?? false, hasOutcomes: !(list?.quotas.isEmpty ?? true))
        return pages.render("recruit", Page(title: "Recruit for a group", session: session, content: content),
                            status: problem == nil ? .ok : .badRequest)
    }

    func brief(_ request: Request, _ context: ServerContext, form: WebForm?) async throws -> Response {
        let session = try web.organiser(context)
        var list: RecruitList?
        var problem: String?
        let text = form?["text"] ?? ""
        let keywords = form?["keywords"] ?? ""
        let quotaText = form?["quotas"] ?? ""
        let limit = try form.map(Self.limit) ?? 10
        if form != nil {
            do {
                guard !text.isEmpty, text.count <= RecruitRoutes.maximumBriefLength else {
                    throw WebError.badRequest("Describe the group in 1 to \(RecruitRoutes.maximumBriefLength) characters.")
                }
                let words = keywords.split(whereSeparator: { $0 == ";" || $0 == "," || $0.isNewline })
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard words.count <= RecruitRoutes.maximumKeywords, words.allSatisfy({ $0.count <= 200 }) else {
                    throw WebError.badRequest("Give at most \(RecruitRoutes.maximumKeywords) keywords of at most 200 "
                        + "characters each.")
                }
                list = try await RecruitService(store: store, view: web.state.current.view)
                    .recruits(forText: text, keywords: words, limit: limit, quotas: try Self.quotas(quotaText))
            } catch let error as WebError {
                problem = error.message
            } catch let error as MatchingError where error.isInvalidInput {
                problem = error.description
            }
        }
        let content = RecruitContent(
            isBrief: true, groupOptions: "", limit: limit, quotas: quotaText, text: text, keywords: keywords,
            heading: list.map { _ in "Recruits for this brief" }, people: Self.people(list), outcomes: Self.outcomes(list),
            problem: problem, nobody: list?.recruits.isEmpty ?? false, hasOutcomes: !(list?.quotas.isEmpty ?? true))
        return pages.render("recruit", Page(title: "Recruit from a brief", session: session, content: content),
                            status: problem == nil ? .ok : .badRequest)
    }

    static func limit(_ form: WebForm) throws -> Int {
        guard let text = form["limit"] else { return 10 }
        guard let limit = Int(text), RecruitRoutes.limits.contains(limit) else {
            throw WebError.badRequest("How many: a whole number from \(RecruitRoutes.limits.lowerBound) to "
                + "\(RecruitRoutes.limits.upperBound).")
        }
        return limit
    }

    /// Quotas from a text area: one `FIELD=VALUE:N` a line (or separated by `;`).
    static func quotas(_ text: String) throws -> [RecruitQuota] {
        let lines = text.split(whereSeparator: { $0 == ";" || $0.isNewline })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do {
            return try RecruitRoutes.quotas(lines)
        } catch let error as HTTPError {
            throw WebError.badRequest(WebPages.message(fromJSON: error.body ?? "") + " (one FIELD=VALUE:N a line, "
                + "e.g. nation=Wales:2)")
        }
    }

    static func people(_ list: RecruitList?) -> [MemberPages.Person] {
        (list?.recruits ?? []).map { MemberPages.Person(id: $0.id, name: $0.name, reasons: $0.reasons) }
    }

    static func outcomes(_ list: RecruitList?) -> [RecruitContent.Outcome] {
        (list?.quotas ?? []).map {
            .init(quota: $0.quota, text: $0.isMet ? "met: \($0.met) of \($0.wanted)"
                  : "not met: \($0.met) of \($0.wanted)" + ($0.reason.map { " (\($0))" } ?? ""), isMet: $0.isMet)
        }
    }

    // MARK: Community map

    struct MapContent {
        struct Chosen {
            let number: Int
            let label: String
            let size: String
            let members: [MemberPages.Person]
            /// nil when every member is listed (a zero would still open a section).
            let more: Int?
            let bridging: [MemberPages.Person]
        }
        let picture: Figure
        let communities: [Row]
        let chosen: Chosen?
        struct Row {
            let number: Int
            let size: String
            let label: String
            let href: String
        }
    }

    func map(_ request: Request, _ context: ServerContext) async throws -> Response {
        let session = try web.organiser(context)
        let live = web.state.current
        let drawn = try await web.organiserData.map(view: live.view, generation: live.snapshot.generation,
                                                   sequence: live.sequence) { "/organiser/map?community=\($0)#community" }
        let map = drawn.map
        var chosen: MapContent.Chosen?
        if let text = try WebForm.query(of: request)["community"] {
            guard let number = Int(text), let community = map.communities.first(where: { $0.number == number }) else {
                throw WebError.notFound("There is no community \(text.prefix(20)) on the map.")
            }
            let shown = Array(community.members.prefix(200))
            let names = try await web.organiserData.discoverableNames(sequence: live.sequence, store: store)
            func person(_ id: MemberID) -> MemberPages.Person? {
                names[id].map { MemberPages.Person(id: id, name: $0, reasons: []) }
            }
            chosen = .init(number: number, label: community.label, size: SVG.count(community.size),
                           members: shown.compactMap(person), more: community.members.count > shown.count ? community.members.count - shown.count : nil,
                           bridging: community.bridging.compactMap(person))
        }
        let content = MapContent(
            picture: Figure(drawn.picture),
            communities: map.communities.map {
                .init(number: $0.number, size: SVG.count($0.size), label: $0.label,
                      href: "/organiser/map?community=\($0.number)#community")
            }, chosen: chosen)
        return pages.render("map", Page(title: "Community map", session: session, content: content))
    }

    // MARK: Evaluation

    struct EvaluationContent {
        struct Row {
            let method: String
            let recall: String, precision: String, ndcg: String, mrr: String, coverage: String, crossBoundary: String
        }
        let isRunning: Bool
        let problem: String?
        let summary: String?
        let picture: Figure?
        let rows: [Row]
    }

    func evaluation(_ request: Request, _ context: ServerContext) async throws -> Response {
        let session = try web.organiser(context)
        let state = web.organiserData.evaluationState
        let report = state.report
        func f(_ value: Double) -> String { String(format: "%.3f", value) }
        let content = EvaluationContent(
            isRunning: state.isRunning, problem: state.problem,
            summary: report.map { "Holdout \($0.holdout), \(Int($0.fraction * 100))% of pairs hidden (\($0.hiddenPairs)), "
                + "\($0.queries) members evaluated, k = \($0.k); blend: \($0.blend)." },
            picture: report.map { Figure(EvaluationChart(report: $0).picture) },
            rows: (report?.rows ?? []).map {
                .init(method: $0.method, recall: f($0.recall), precision: f($0.precision), ndcg: f($0.ndcg), mrr: f($0.mrr),
                      coverage: f($0.coverage), crossBoundary: f($0.crossBoundary))
            })
        return pages.render("evaluation", Page(title: "Evaluation", session: session, content: content))
    }

    func runEvaluation(_ request: Request, _ context: ServerContext) async throws -> Response {
        let session = try web.organiser(context)
        try CSRF.check(try await WebForm.body(of: request, limit: web.maxBodyBytes), session)
        if web.organiserData.startEvaluation(store: store) { context.logger.info("evaluation started") }
        return WebRoutes.redirect("/organiser/evaluation")
    }
}
