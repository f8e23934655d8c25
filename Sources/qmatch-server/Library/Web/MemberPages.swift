import Foundation
import Hummingbird
import QMatching
import QProfiles

/// A member's pages: the people to meet (with "Not for me" and "We've connected"), people like me, search,
/// public profiles with who could introduce us, and the member's own profile, editable, with the opt-out.
struct MemberPages: Sendable {
    let web: WebRoutes
    var store: ProfileStore { web.store }
    var pages: WebPages { web.pages }
    var reads: ReadRoutes { ReadRoutes(store: store, state: web.state) }
    var writes: MemberWrites { MemberWrites(store: store, state: web.state) }

    static let suggestionCount = 10
    static let listLimit = 30
    static let itemLength = 120
    static let challengeLength = 500
    static let bioLength = 2000

    func register(on web: RouterGroup<ServerContext>) {
        web.get("/me") { request, context in try await suggestions(request, context) }
        web.post("/me/feedback") { request, context in try await feedback(request, context) }
        web.get("/me/similar") { request, context in try await similar(request, context) }
        web.get("/me/profile") { request, context in try await ownProfile(request, context) }
        web.post("/me/profile") { request, context in try await saveProfile(request, context) }
        web.get("/search") { request, context in try await search(request, context) }
        web.get("/members/:id") { request, context in try await profile(request, context) }
    }

    /// One person in a list, with why.
    struct Person {
        let id: MemberID
        let name: String
        let reasons: [String]
        /// Stored, not computed: templates see stored properties only.
        let href: String

        init(id: MemberID, name: String, reasons: [String]) {
            self.id = id
            self.name = name
            self.reasons = reasons
            href = "/members/" + id
        }
    }

    // MARK: People to meet

    struct SuggestionsContent {
        let name: String
        let isHidden: Bool
        let people: [Person]
        let hasPeople: Bool
    }

    func suggestions(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (session, id) = try web.member(context)
        let me = try await ownRecord(id)
        let result = try await web.state.current.recommendations(store).recommend(for: id, limit: Self.suggestionCount)
        let notes = ["dismissed": "Removed from your suggestions.",
                     "connected": "Noted that you have connected: they move to your connections."]
        let note = try WebForm.query(of: request)["done"].flatMap { notes[$0] }
        return pages.render("suggestions", Page(
            title: "People to meet", session: session, note: note,
            content: SuggestionsContent(name: me.name, isHidden: !me.discoverable, people: result.recommendations.map {
                Person(id: $0.id, name: $0.name, reasons: $0.reasons)
            }, hasPeople: !result.recommendations.isEmpty)))
    }

    func feedback(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (session, id) = try web.member(context)
        let form = try await WebForm.body(of: request, limit: web.maxBodyBytes)
        try CSRF.check(form, session)
        guard let other = form["other"], JSONInput.identifierProblem(other) == nil, other != id else {
            throw WebError.badRequest("The form did not say which suggestion this was about.")
        }
        guard let action = form["action"].flatMap(FeedbackAction.init(rawValue:)), action != .shown else {
            throw WebError.badRequest("The form did not say what to do (Not for me, or We've connected).")
        }
        try await writes.feedback(member: id, other: other, action: action)
        context.logger.info("feedback written", metadata: ["id": "\(id)", "action": "\(action.rawValue)"])
        return WebRoutes.redirect("/me?done=" + (action == .dismiss ? "dismissed" : "connected"))
    }

    // MARK: People like me, search

    struct ListContent {
        let heading: String
        let intro: String
        let people: [Person]
        let query: String?
        let searched: Bool
        let isSearch: Bool
        let hasPeople: Bool
        let nobody: Bool

        init(heading: String, intro: String, people: [Person], query: String?, searched: Bool, isSearch: Bool) {
            self.heading = heading
            self.intro = intro
            self.people = people
            self.query = query
            self.searched = searched
            self.isSearch = isSearch
            hasPeople = !people.isEmpty
            nobody = people.isEmpty && (searched || !isSearch)
        }
    }

    func similar(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (session, id) = try web.member(context)
        let me = try await ownRecord(id)
        let found = try await reads.similar(to: me, limit: 20)
        return pages.render("people", Page(title: "People like me", session: session, content: ListContent(
            heading: "People like me", intro: "Members whose topics, methods and challenges are closest to yours.",
            people: found.map { Person(id: $0.id, name: $0.name, reasons: $0.reasons) }, query: nil, searched: false,
            isSearch: false)))
    }

    func search(_ request: Request, _ context: ServerContext) async throws -> Response {
        let session = try web.signedIn(context)
        let text = try WebForm.query(of: request)["q"]
        if let text, text.count > 500 { throw WebError.badRequest("Please search with at most 500 characters.") }
        var people: [Person] = []
        if let text {
            let found = try await SearchService(store: store, view: web.state.current.view).search(text, limit: 20)
            people = found.map { Person(id: $0.id, name: $0.name, reasons: $0.reasons) }
        }
        return pages.render("people", Page(title: text.map { "Search: \($0)" } ?? "Search", session: session,
                                           content: ListContent(
            heading: "Search", intro: "Describe what you are looking for: a topic, a method, a challenge, a place.",
            people: people, query: text, searched: text != nil, isSearch: true)))
    }

    // MARK: Profiles

    struct ProfileContent {
        struct Chain {
            let steps: [Step]
        }
        struct Step {
            let name: String
            let href: String?
        }
        let member: Member
        let facts: [Fact]
        /// nil when empty (an empty text would still open a section).
        let bio: String?
        let isSelf: Bool
        let isHidden: Bool
        let showsPaths: Bool
        let alreadyConnected: Bool
        let chains: [Chain]
    }

    struct Fact {
        let label: String
        let value: String
    }

    func profile(_ request: Request, _ context: ServerContext) async throws -> Response {
        let session = try web.signedIn(context)
        let id = try context.pathID("id")
        let viewer = session.memberID
        // A member sees discoverable members and themselves; an organiser sees everyone (as the admin token does).
        guard let member = try await store.member(id), member.discoverable || viewer == id || session.isOrganiser else {
            throw WebError.notFound("There is no member \(id) to show.")
        }
        var chains: [ProfileContent.Chain] = []
        var alreadyConnected = false
        let showsPaths = viewer != nil && viewer != id
        if let viewer, showsPaths {
            let found = try await reads.introductions(from: viewer, to: id, limit: 5)
            alreadyConnected = found.hops == 1
            let middle = Set(found.paths.flatMap { $0.dropFirst().dropLast() })
            let names = try await reads.discoverableNames(Array(middle))
            chains = found.hops == 1 ? [] : found.paths.map { path in
                ProfileContent.Chain(steps: path.enumerated().map { position, step in
                    if position == 0 { return .init(name: "You", href: nil) }
                    if position == path.count - 1 { return .init(name: member.name, href: nil) }
                    return .init(name: names[step] ?? step, href: "/members/" + step)
                })
            }
        }
        let groupNames = try await store.groupNames(member.groups)
        let facts = [("Role", member.role), ("Sector", member.sector), ("Region", member.region),
                     ("Organisation", member.organisation), ("Working on", member.challenge),
                     ("Topics", member.topics.joined(separator: ", ")), ("Methods", member.methods.joined(separator: ", ")),
                     ("Can help with", member.offers.joined(separator: ", ")),
                     ("Looking for help with", member.needs.joined(separator: ", ")),
                     ("Groups", member.groups.map { groupNames[$0] ?? $0 }.joined(separator: ", "))]
            .filter { !$0.1.isEmpty }.map { Fact(label: $0.0, value: $0.1) }
        return pages.render("profile", Page(title: member.name.isEmpty ? member.id : member.name, session: session,
                                            content: ProfileContent(
            member: member, facts: facts, bio: member.bio.isEmpty ? nil : member.bio, isSelf: viewer == id, isHidden: !member.discoverable, showsPaths: showsPaths,
            alreadyConnected: alreadyConnected, chains: chains)))
    }

    // MARK: My profile

    struct EditContent {
        let member: Member
        let topics: String, methods: String, offers: String, needs: String
        let problem: String?
    }

    func ownProfile(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (session, id) = try web.member(context)
        let me = try await ownRecord(id)
        let saved = try WebForm.query(of: request)["done"] == "saved"
        return editPage(me, session, note: saved ? "Saved. Your suggestions use it from now on." : nil, problem: nil)
    }

    func editPage(_ member: Member, _ session: WebSession, note: String?, problem: String?,
                  status: HTTPResponse.Status = .ok) -> Response {
        pages.render("edit-profile", Page(title: "My profile", session: session, note: note, content: EditContent(
            member: member, topics: member.topics.joined(separator: "; "), methods: member.methods.joined(separator: "; "),
            offers: member.offers.joined(separator: "; "), needs: member.needs.joined(separator: "; "), problem: problem)),
            status: status)
    }

    func saveProfile(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (session, id) = try web.member(context)
        let form = try await WebForm.body(of: request, limit: web.maxBodyBytes)
        try CSRF.check(form, session)
        var me = try await ownRecord(id)
        do {
            me.topics = try Self.list(form, "topics", "Topics")
            me.methods = try Self.list(form, "methods", "Methods")
            me.offers = try Self.list(form, "offers", "Can help with")
            me.needs = try Self.list(form, "needs", "Looking for help with")
            me.challenge = try Self.text(form, "challenge", "Working on", Self.challengeLength)
            me.bio = try Self.text(form, "bio", "About me", Self.bioLength)
        } catch let error as WebError {
            return editPage(me, session, note: nil, problem: error.message, status: .badRequest)
        }
        // The box says "suggest me to others": unticked (absent) is the opt-out.
        me.discoverable = form["discoverable"] == "yes"
        do {
            _ = try await writes.upsert(me, keepingDiscoverable: false)
        } catch let error as ProfileError where error.isInvalidInput {
            return editPage(me, session, note: nil, problem: error.description, status: .badRequest)
        }
        context.logger.info("profile edited", metadata: ["id": "\(id)", "discoverable": "\(me.discoverable)"])
        return WebRoutes.redirect("/me/profile?done=saved")
    }

    /// A list field: items separated by `;` or new lines, trimmed, empty ones dropped.
    static func list(_ form: WebForm, _ name: String, _ label: String) throws -> [String] {
        let items = (form[name] ?? "").split(whereSeparator: { $0 == ";" || $0.isNewline })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard items.count <= listLimit else {
            throw WebError.badRequest("\(label): \(items.count) items; at most \(listLimit), please.")
        }
        if let long = items.first(where: { $0.count > itemLength }) {
            throw WebError.badRequest("\(label): “\(long.prefix(40))…” is longer than \(itemLength) characters.")
        }
        if items.contains(where: { $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }) {
            throw WebError.badRequest("\(label): control characters are not allowed.")
        }
        return items
    }

    static func text(_ form: WebForm, _ name: String, _ label: String, _ maximum: Int) throws -> String {
        let text = form[name] ?? ""
        guard text.count <= maximum else {
            throw WebError.badRequest("\(label): \(text.count) characters; at most \(maximum), please.")
        }
        return text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// The signed-in member's own record.
    /// - Throws: ``WebError`` (not found) when it has been erased since they signed in.
    func ownRecord(_ id: MemberID) async throws -> Member {
        guard let member = try await store.member(id) else {
            throw WebError.notFound("Your membership record is no longer here. If this is a mistake, tell an organiser.")
        }
        return member
    }
}
