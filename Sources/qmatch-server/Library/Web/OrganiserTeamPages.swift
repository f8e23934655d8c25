import Foundation
import Hummingbird
import QMatching
import QProfiles

/// The organisers' team page: cut a group's discoverable members (or a pool of members) into teams of a size
/// or a number of teams, covering topics and mixing nations, sectors and roles; review them beside the
/// greedy and random baselines; download them as CSV. Planning is ``TeamService``'s, as for `POST /v1/teams`;
/// nothing is stored, so the download posts the same form again (the plan is seeded: the same teams).
struct OrganiserTeamPages: Sendable {
    let web: WebRoutes
    var store: ProfileStore { web.store }
    var pages: WebPages { web.pages }

    static let maximumPool = 10_000

    func register(on web: RouterGroup<ServerContext>) {
        web.get("/organiser/teams") { request, context in
            _ = try self.web.organiser(context)
            return try await page(context, form: TeamForm(), result: nil, problem: nil)
        }
        web.post("/organiser/teams") { request, context in try await plan(request, context, asCSV: false) }
        web.post("/organiser/teams/csv") { request, context in try await plan(request, context, asCSV: true) }
    }

    /// The team form's fields as typed (shown again with the teams, and carried by the download form).
    struct TeamForm {
        var group = ""
        var members = ""
        var minSize = ""
        var maxSize = ""
        var teams = ""
        var cover = ""
        var spread: Set<MixField> = [.nation, .sector, .role]
        var seed = ""

        init() {}

        init(_ form: WebForm) {
            group = form["group"] ?? ""
            members = form["members"] ?? ""
            minSize = form["minSize"] ?? ""
            maxSize = form["maxSize"] ?? ""
            teams = form["teams"] ?? ""
            cover = form["cover"] ?? ""
            spread = Set(form.all("spread").compactMap(MixField.init(rawValue:)))
            seed = form["seed"] ?? ""
        }

        static func split(_ text: String) -> [String] {
            text.split(whereSeparator: { $0 == ";" || $0 == "," || $0.isWhitespace }).map(String.init)
        }

        /// - Throws: ``WebError`` (bad request) saying which field is wrong and what it expects.
        func request() throws -> TeamRequest {
            func number(_ text: String, _ label: String, _ range: ClosedRange<Int>) throws -> Int? {
                guard !text.isEmpty else { return nil }
                guard let value = Int(text), range.contains(value) else {
                    throw WebError.badRequest("\(label): a whole number from \(range.lowerBound) to \(range.upperBound).")
                }
                return value
            }
            let pool = Self.split(members)
            guard group.isEmpty != pool.isEmpty else {
                throw WebError.badRequest(group.isEmpty ? "Choose a group, or list the members of the pool."
                    : "Choose a group or list members, not both.")
            }
            guard pool.count <= OrganiserTeamPages.maximumPool else {
                throw WebError.badRequest("At most \(OrganiserTeamPages.maximumPool) members in a pool, please.")
            }
            if let bad = pool.first(where: { JSONInput.identifierProblem($0) != nil }) {
                throw WebError.badRequest("“\(bad.prefix(40))” is not a member id.")
            }
            let low = try number(minSize, "Smallest team", 1...10_000)
            let high = try number(maxSize, "Largest team", 1...10_000)
            let count = try number(teams, "Number of teams", 1...10_000)
            switch (low, high, count) {
            case (_?, _?, nil), (nil, nil, _?): break
            case (_?, _?, _?): throw WebError.badRequest("Give team sizes or a number of teams, not both.")
            default: throw WebError.badRequest("Give the smallest and the largest team size, or a number of teams.")
            }
            let topics = cover.split(whereSeparator: { $0 == ";" || $0.isNewline })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard topics.count <= 64, topics.allSatisfy({ $0.count <= 200 }) else {
                throw WebError.badRequest("Topics to cover: at most 64, each at most 200 characters.")
            }
            return TeamRequest(group: group.isEmpty ? nil : group, members: pool.isEmpty ? nil : pool,
                               minSize: low, maxSize: high, teams: count, cover: topics,
                               spread: MixField.allCases.filter(spread.contains),
                               seed: UInt64(try number(seed, "Seed", 0...Int(Int32.max)) ?? 1))
        }
    }

    struct Content {
        struct Team {
            let number: Int
            let members: [MemberPages.Person]
            let covered: String?
            let missing: String?
            let mix: [String]
            let figures: String
            let reasons: [String]
        }
        struct Method {
            let method: String
            let objective: String, coverage: String, spread: String, cohesion: String
            let brokenRules: Int
            let worst: String, median: String, best: String
        }
        /// The group select's options (``OrganiserData/GroupChoices``: HTML, every text escaped).
        let groupOptions: String
        let form: TeamForm
        let spread: [OrganiserRoundPages.ListContent.Choice]
        let problem: String?
        let hasTeams: Bool
        let summary: String?
        let teams: [Team]
        let methods: [Method]
    }

    func page(_ context: ServerContext, form: TeamForm, result: TeamsView?, problem: String?,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let session = try web.organiser(context)
        let groups = try await web.organiserData.groups(sequence: web.state.current.sequence, store: store)
        func f(_ value: Double) -> String { String(format: "%.3f", value) }
        let content = Content(
            groupOptions: groups.html(selected: form.group), form: form,
            spread: MixField.allCases.map { .init(value: $0.rawValue, label: $0.rawValue.capitalized,
                                                  checked: form.spread.contains($0)) },
            problem: problem, hasTeams: result.map { !$0.teams.isEmpty } ?? false,
            summary: result.map { "\($0.teams.count) teams from \($0.pool) members." },
            teams: (result?.teams ?? []).map { team in
                .init(number: team.number,
                      members: team.members.map { MemberPages.Person(id: $0.id, name: $0.name, reasons: []) },
                      covered: team.covered.isEmpty ? nil : team.covered.joined(separator: "; "),
                      missing: team.missing.isEmpty ? nil : team.missing.joined(separator: "; "),
                      mix: team.mix.keys.sorted().map { field in
                          "\(field.capitalized): " + (team.mix[field] ?? [:]).sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                              .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                      },
                      figures: "coverage \(f(team.figures.coverage)), spread \(f(team.figures.spread)), "
                        + "cohesion \(f(team.figures.cohesion))"
                        + (team.figures.brokenRules > 0 ? ", \(team.figures.brokenRules) rules broken" : ""),
                      reasons: team.reasons)
            },
            methods: (result?.methods ?? []).map {
                .init(method: $0.method, objective: f($0.objective), coverage: f($0.coverage), spread: f($0.spread),
                      cohesion: f($0.cohesion), brokenRules: $0.brokenRules, worst: f($0.worstTeam),
                      median: f($0.medianTeam), best: f($0.bestTeam))
            })
        return pages.render("teams", Page(title: "Teams", session: session, content: content), status: status)
    }

    func plan(_ request: Request, _ context: ServerContext, asCSV: Bool) async throws -> Response {
        let session = try web.organiser(context)
        let body = try await WebForm.body(of: request, limit: web.maxBodyBytes)
        try CSRF.check(body, session)
        let form = TeamForm(body)
        let result: TeamsView
        do {
            result = try await TeamService(store: store, view: web.state.current.view).plan(try form.request())
        } catch let error as WebError {
            return try await page(context, form: form, result: nil, problem: error.message, status: error.status)
        } catch let error as ProfileError where error.isNotFound {
            return try await page(context, form: form, result: nil, problem: error.description, status: .notFound)
        } catch let error as MatchingError where error.isNotFound {
            return try await page(context, form: form, result: nil, problem: error.description, status: .notFound)
        } catch let error as MatchingError where error.isInvalidInput {
            return try await page(context, form: form, result: nil, problem: "No teams were made: \(error.description)",
                                  status: .unprocessableContent)
        }
        guard asCSV else { return try await page(context, form: form, result: result, problem: nil) }
        var lines = [CSVText.row(["team", "member_id", "member_name", "covered", "missing", "coverage", "spread",
                                  "cohesion"])]
        for team in result.teams {
            for member in team.members {
                lines.append([
                    String(team.number), CSVText.spreadsheetField(member.id), CSVText.spreadsheetField(member.name),
                    CSVText.spreadsheetField(team.covered.joined(separator: "; ")),
                    CSVText.spreadsheetField(team.missing.joined(separator: "; ")),
                    String(format: "%.4f", team.figures.coverage), String(format: "%.4f", team.figures.spread),
                    String(format: "%.4f", team.figures.cohesion),
                ].joined(separator: ","))
            }
        }
        return OrganiserRoundPages.csvResponse(lines, filename: "teams.csv")
    }
}
