import Foundation
import Hummingbird
import QMatching
import QProfiles

/// The organisers' pairing-round pages: the rounds so far with a form for a new one (for a group's
/// discoverable members), a round's pairs with their weights and reasons, and the round as CSV for a
/// spreadsheet or a mail merge. Planning and storing is ``RoundService``'s, as for `POST /v1/rounds`.
struct OrganiserRoundPages: Sendable {
    let web: WebRoutes
    var store: ProfileStore { web.store }
    var pages: WebPages { web.pages }
    var service: RoundService { RoundService(store: store, view: web.state.current.view) }

    func register(on web: RouterGroup<ServerContext>) {
        web.get("/organiser/rounds") { request, context in
            try await list(request, context, form: RoundForm(), problem: nil)
        }
        web.post("/organiser/rounds") { request, context in try await create(request, context) }
        web.get("/organiser/rounds/:id") { request, context in try await round(request, context) }
        web.get("/organiser/rounds/:id/csv") { request, context in try await csv(request, context) }
    }

    /// The new-round form's fields as typed (shown again beside a problem).
    struct RoundForm {
        var name = ""
        var group = ""
        var size = 2
        var mix: Set<MixField> = []
        var noRepeat = ""

        init() {}

        init(_ form: WebForm) {
            name = form["name"] ?? ""
            group = form["group"] ?? ""
            size = form["size"] == "3" ? 3 : 2
            mix = Set(form.all("mix").compactMap(MixField.init(rawValue:)))
            noRepeat = form["noRepeat"] ?? ""
        }

        /// - Throws: ``WebError`` (bad request) saying which field is wrong and what it expects.
        func request() throws -> RoundRequest {
            guard (1...200).contains(name.count) else {
                throw WebError.badRequest("Name the round in 1 to 200 characters (for example “Coffee, March”).")
            }
            guard !group.isEmpty else { throw WebError.badRequest("Choose the group whose members take part.") }
            var window: Int?
            if !noRepeat.isEmpty {
                guard let number = Int(noRepeat), (0...1_000).contains(number) else {
                    throw WebError.badRequest("Rounds without repeats: a whole number from 0 to 1000, or leave it empty.")
                }
                window = number
            }
            return RoundRequest(name: name, group: group, size: size, noRepeat: window,
                                mix: MixField.allCases.filter(mix.contains))
        }
    }

    // MARK: The rounds, and a new one

    struct ListContent {
        struct Row {
            let id: Int
            let href: String
            let name: String
            let group: String
            let date: String
            let participants: Int
            let groups: Int
            let met: Int
        }
        struct Choice {
            let value: String
            let label: String
            let checked: Bool
        }
        let rounds: [Row]
        let hasRounds: Bool
        /// The group select's options (``OrganiserData/GroupChoices``: HTML, every text escaped).
        let groupOptions: String
        let name: String
        let isTrio: Bool
        let mix: [Choice]
        let noRepeat: String
        let problem: String?
    }

    func list(_ request: Request, _ context: ServerContext, form: RoundForm, problem: String?,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let session = try web.organiser(context)
        let groups = try await web.organiserData.groups(sequence: web.state.current.sequence, store: store)
        let names = Dictionary(groups.groups.map { ($0.id, $0.name.isEmpty ? $0.id : $0.name) },
                               uniquingKeysWith: { a, _ in a })
        let rounds = try await store.rounds().reversed().map { round in
            ListContent.Row(id: round.id, href: "/organiser/rounds/\(round.id)", name: round.name,
                            group: round.group.map { names[$0] ?? $0 } ?? "chosen members",
                            date: String(round.created.prefix(10)), participants: round.participants,
                            groups: round.groups, met: round.met)
        }
        let content = ListContent(
            rounds: rounds, hasRounds: !rounds.isEmpty,
            groupOptions: groups.html(selected: form.group), name: form.name, isTrio: form.size == 3,
            mix: MixField.allCases.map { .init(value: $0.rawValue, label: $0.rawValue.capitalized, checked: form.mix.contains($0)) },
            noRepeat: form.noRepeat, problem: problem)
        return pages.render("rounds", Page(title: "Pairing rounds", session: session, content: content), status: status)
    }

    func create(_ request: Request, _ context: ServerContext) async throws -> Response {
        let session = try web.organiser(context)
        let body = try await WebForm.body(of: request, limit: web.maxBodyBytes)
        try CSRF.check(body, session)
        let form = RoundForm(body)
        let made: RoundView
        do {
            made = try await service.create(try form.request())
        } catch let error as WebError {
            return try await list(request, context, form: form, problem: error.message, status: error.status)
        } catch let error as ProfileError where error.isNotFound {
            return try await list(request, context, form: form, problem: error.description, status: .notFound)
        } catch let error as MatchingError where error.isNotFound {
            return try await list(request, context, form: form, problem: error.description, status: .notFound)
        } catch let error as MatchingError where error.isInvalidInput {
            return try await list(request, context, form: form, problem: "No round was made: \(error.description)",
                                  status: .unprocessableContent)
        } catch let error as ProfileError where error.isInvalidInput {
            return try await list(request, context, form: form, problem: "No round was made: \(error.description)",
                                  status: .unprocessableContent)
        }
        context.logger.info("round planned", metadata: ["round": "\(made.id)", "participants": "\(made.participants)"])
        return WebRoutes.redirect("/organiser/rounds/\(made.id)?done=created&unplaced=\(made.unplaced.count)"
            + "&repeated=\(made.repeatedPairs)")
    }

    // MARK: One round

    struct RoundContent {
        struct Group {
            let number: Int
            let members: [MemberPages.Person]
            let weight: String
            let reasons: [String]
        }
        let id: Int
        let name: String
        let facts: [MemberPages.Fact]
        let groups: [Group]
        let hasGroups: Bool
        let csv: String
    }

    /// The round of the path's `id`.
    /// - Throws: ``WebError`` (not found) for text that is no round id; ``ProfileError`` (not found) for an
    ///   unknown round.
    func shown(_ context: ServerContext) async throws -> RoundView {
        let text = context.parameters.get("id") ?? ""
        guard let id = Int(text), (1...Int(Int32.max)).contains(id) else {
            throw WebError.notFound("There is no round “\(text.prefix(40))”: rounds are numbered 1, 2, 3 …")
        }
        let live = web.state.current
        return try await web.organiserData.round(id, RoundService(store: store, view: live.view),
                                                 generation: live.snapshot.generation, sequence: live.sequence)
    }

    func round(_ request: Request, _ context: ServerContext) async throws -> Response {
        let session = try web.organiser(context)
        let round = try await shown(context)
        let query = try WebForm.query(of: request)
        var note: String?
        if query["done"] == "created" {
            let unplaced = Int(query["unplaced"] ?? "") ?? 0, repeated = Int(query["repeated"] ?? "") ?? 0
            note = "Round made: \(round.participants) members in \(round.groups.count) groups."
                + (unplaced > 0 ? " \(unplaced) could not be placed (no one they may be paired with)." : "")
                + (repeated > 0 ? " \(repeated) pairs met in an earlier round: nothing else placed everyone." : "")
        }
        let weights = round.groups.map { Double($0.weight) }
        var groupName: String?
        if let group = round.group { groupName = try await store.groupNames([group])[group] ?? group }
        let facts: [(String, String)] = [
            ("Group", groupName ?? "chosen members"), ("Made", String(round.created.prefix(10))),
            ("Size", round.size == 2 ? "pairs (one three for an odd count)" : "threes"),
            ("Participants", "\(round.participants)"), ("Groups", "\(round.groups.count)"),
            ("Mean pair weight", weights.isEmpty ? "–" : String(format: "%.3f", weights.reduce(0, +) / Double(weights.count))),
            ("Lowest pair weight", weights.min().map { String(format: "%.3f", $0) } ?? "–"),
            ("Said they met", "\(round.outcomes.filter { $0.outcome == "met" }.count)"),
        ]
        let content = RoundContent(
            id: round.id, name: round.name, facts: facts.map { MemberPages.Fact(label: $0.0, value: $0.1) },
            groups: round.groups.map { group in
                .init(number: group.number,
                      members: group.members.map { MemberPages.Person(id: $0.id, name: $0.name, reasons: []) },
                      weight: String(format: "%.3f", group.weight), reasons: group.reasons)
            }, hasGroups: !round.groups.isEmpty, csv: "/organiser/rounds/\(round.id)/csv")
        return pages.render("round", Page(title: "Round \(round.id): \(round.name)", session: session, note: note,
                                          content: content))
    }

    /// One line per participant: the round, the group, the member, the partners, the pair weight and why.
    func csv(_ request: Request, _ context: ServerContext) async throws -> Response {
        _ = try web.organiser(context)
        let round = try await shown(context)
        var lines = [CSVText.row(["round", "round_name", "group", "member_id", "member_name", "partner_ids",
                                  "partner_names", "weight", "reasons"])]
        for group in round.groups {
            for member in group.members {
                let partners = group.members.filter { $0.id != member.id }
                lines.append([
                    String(round.id), CSVText.spreadsheetField(round.name), String(group.number),
                    CSVText.spreadsheetField(member.id), CSVText.spreadsheetField(member.name),
                    CSVText.spreadsheetField(partners.map(\.id).joined(separator: "; ")),
                    CSVText.spreadsheetField(partners.map(\.name).joined(separator: "; ")),
                    String(format: "%.4f", group.weight), CSVText.spreadsheetField(group.reasons.joined(separator: "; ")),
                ].joined(separator: ","))
            }
        }
        return Self.csvResponse(lines, filename: "round-\(round.id).csv")
    }

    /// `lines` as a CSV download (CRLF line ends, as RFC 4180 and spreadsheets expect).
    static func csvResponse(_ lines: [String], filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                        .contentDisposition: "attachment; filename=\"\(filename)\""],
                 body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n")))
    }
}
