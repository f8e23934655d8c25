import Foundation
import QProfiles

/// The one place where reasons are written: specific, checkable sentences about why a member is suggested,
/// similar, a recruit, or a match for a search. Each reason names facts the reader can check (shared topics,
/// mutual connections by name, groups, what one can help the other with, where they work).
public struct Reasons: Sendable {
    public let view: ServingView
    /// Group id → name (a group without a name is shown by its id).
    public let groupNames: [String: String]
    /// Names of the members who may be named and counted (discoverable in the store now); nil: count the
    /// members the view shows, name none.
    public let names: [MemberID: String]?

    public init(view: ServingView, groupNames: [String: String] = [:], names: [MemberID: String]? = nil) {
        self.view = view
        self.groupNames = groupNames
        self.names = names
    }

    /// At most this many items in one reason's list.
    static let listLimit = 3

    // MARK: Pairs of members

    /// Why the member of `candidate` suits the member of `asker`.
    ///
    /// With `parts` (the score's breakdown), a reason is given only for a signal that counted for the
    /// suggestion (a part above zero), and the largest part always has one; without, every fact that holds
    /// is given (similar members: content only).
    public func between(_ asker: Int, and candidate: Int, parts: [(name: String, value: Float)]? = nil) -> [String] {
        func counted(_ signals: BlendModel.Signal...) -> Bool {
            guard let parts else { return true }
            return parts.contains { part in part.value > 0 && signals.contains { $0.name == part.name } }
        }
        var reasons: [(kind: BlendModel.Signal?, text: String)] = []
        if counted(.content) {
            let (topics, methods) = sharedInterests(asker, candidate)
            if !topics.isEmpty { reasons.append((.content, "shared interests: " + Self.list(topics))) }
            if !methods.isEmpty { reasons.append((.content, "both use " + Self.list(methods))) }
        }
        if counted(.commonNeighbours, .adamicAdar, .resourceAllocation, .pageRank), let mutual = mutualReason(asker, candidate) {
            reasons.append((.adamicAdar, mutual))
        }
        if counted(.sharedGroups) {
            let shared = view.groups(candidate).filter { view.groups(asker).contains($0) }
                .map { view.codes.groupIDs[Int($0)] }.sorted()
            if !shared.isEmpty {
                let shown = shared.prefix(Self.listLimit).map { groupNames[$0].flatMap { $0.isEmpty ? nil : $0 } ?? $0 }
                reasons.append((.sharedGroups, "both in " + Self.list(Array(shown))
                    + (shared.count > Self.listLimit ? " and \(shared.count - Self.listLimit) more groups" : "")))
            }
        }
        if counted(.theyCanHelp, .helpsBothWays) {
            let help = topics(view.offers(candidate), in: view.needs(asker))
            if !help.isEmpty { reasons.append((.theyCanHelp, "can help you with " + Self.list(help))) }
        }
        if counted(.youCanHelp, .helpsBothWays) {
            let help = topics(view.needs(candidate), in: view.offers(asker))
            if !help.isEmpty { reasons.append((.youCanHelp, "you could help with " + Self.list(help))) }
        }
        if let boundary = boundary(from: asker, to: candidate) { reasons.append((nil, boundary)) }
        if let parts {
            for (signal, text) in [(BlendModel.Signal.sameRegion, sameRegion(candidate)),
                                   (.sameNation, sameNation(candidate)), (.sameSector, sameSector(candidate)),
                                   (.sameRole, sameRole(candidate))] {
                // One place reason: the region says the nation too.
                if signal == .sameNation, reasons.contains(where: { $0.kind == .sameRegion }) { continue }
                if let text, parts.contains(where: { $0.name == signal.name && $0.value > 0.05 }) {
                    reasons.append((signal, text))
                }
            }
            // The largest part of the score must have a reason.
            if let top = parts.filter({ $0.value > 0 }).max(by: { $0.value < $1.value }),
               let signal = BlendModel.Signal.allCases.first(where: { $0.name == top.name }) {
                let group = Self.family(signal)
                if !reasons.contains(where: { $0.kind.map(Self.family) == group }),
                   let text = fallback(signal, asker: asker, candidate: candidate) {
                    reasons.append((signal, text))
                }
            } else if let top = parts.filter({ $0.value > 0 }).max(by: { $0.value < $1.value }),
                      top.name == "attribute pairs", reasons.isEmpty {
                reasons.append((nil, "members with your role, sector and nation often connect with members like them"))
            }
        }
        if reasons.isEmpty {
            reasons.append((.content, String(format: "similar interests (content similarity %.2f)",
                                             view.dot(view.vector(asker), candidate))))
        }
        return reasons.map(\.text)
    }

    /// Shared topics and methods of two rows, rarest first (by the model's IDF), at most three topics and two
    /// methods.
    func sharedInterests(_ asker: Int, _ candidate: Int) -> (topics: [String], methods: [String]) {
        let mine = Set(view.interests(asker))
        let model = view.index.model
        let shared = view.interests(candidate).filter { mine.contains($0) }.map { view.codes.topics[Int($0)] }
        let ranked = shared.map { text -> (String, Float) in
            let term = text.hasPrefix("method:") ? text : "topic:" + text
            return (text, model.column(of: term).map { model.idf[$0] } ?? 0)
        }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.map(\.0)
        return (Array(ranked.filter { !$0.hasPrefix("method:") }.prefix(Self.listLimit)),
                ranked.filter { $0.hasPrefix("method:") }.prefix(2).map { String($0.dropFirst("method:".count)) })
    }

    /// Visible members connected to both rows, in row order.
    public func mutuals(_ asker: Int, _ candidate: Int) -> [Int] {
        let mine = Set(view.neighbours(of: asker))
        return view.neighbours(of: candidate).filter { mine.contains($0) && view.isVisible($0) }.sorted()
    }

    /// "a mutual connection: Ann Lee", "3 mutual connections, including Ann Lee and Bo Chen", or nil.
    func mutualReason(_ asker: Int, _ candidate: Int) -> String? {
        let mutual = mutuals(asker, candidate).filter { names == nil || names?[view.id(of: $0)] != nil }
        guard !mutual.isEmpty else { return nil }
        let named = mutual.compactMap { names?[view.id(of: $0)] }.filter { !$0.isEmpty }.prefix(Self.listLimit)
        if mutual.count == 1 { return named.first.map { "a mutual connection: \($0)" } ?? "a mutual connection" }
        return "\(mutual.count) mutual connections" + (named.isEmpty ? "" : ", including " + Self.list(Array(named)))
    }

    /// Topic texts of `codes` that are also in `wanted`, at most three, in order.
    func topics(_ codes: ArraySlice<Int32>, in wanted: ArraySlice<Int32>) -> [String] {
        let set = Set(wanted)
        var seen = Set<Int32>()
        return codes.filter { set.contains($0) && seen.insert($0).inserted }.prefix(Self.listLimit)
            .map { view.codes.topics[Int($0)] }
    }

    /// "works in Wales, in the voluntary sector" when the candidate works in another nation or sector.
    public func boundary(from asker: Int, to candidate: Int) -> String? {
        var parts: [String] = []
        let askerNation = view.nation(asker), candidateNation = view.nation(candidate)
        if askerNation >= 0, candidateNation >= 0, askerNation != candidateNation {
            parts.append(view.phrase(.inPlace, view.region(candidate)) ?? view.phrase(.inPlace, candidateNation) ?? "")
        }
        let askerSector = view.sector(asker), candidateSector = view.sector(candidate)
        if askerSector >= 0, candidateSector >= 0, askerSector != candidateSector {
            parts.append(view.phrase(.sector, candidateSector) ?? "")
        }
        return parts.isEmpty ? nil : "works " + parts.joined(separator: ", ")
    }

    func sameRegion(_ candidate: Int) -> String? {
        view.phrase(.inPlace, view.region(candidate)).map { "also " + $0 }
    }
    func sameNation(_ candidate: Int) -> String? {
        view.phrase(.inPlace, view.nation(candidate)).map { "also " + $0 }
    }
    func sameSector(_ candidate: Int) -> String? {
        view.phrase(.sector, view.sector(candidate)).map { "also works " + $0 }
    }
    func sameRole(_ candidate: Int) -> String? {
        view.phrase(.role, view.role(candidate)).map { "also " + $0 }
    }

    /// A reason for `signal` when the usual ones found nothing to say.
    func fallback(_ signal: BlendModel.Signal, asker: Int, candidate: Int) -> String? {
        switch signal {
        case .content:
            return String(format: "similar interests (content similarity %.2f)", view.dot(view.vector(asker), candidate))
        case .commonNeighbours, .adamicAdar, .resourceAllocation, .pageRank:
            return "close to you in the community's connections"
        case .popularity:
            let degree = view.node(of: candidate).map { view.graph.offsets[$0 + 1] - view.graph.offsets[$0] } ?? 0
            return "well connected (\(degree) connection\(degree == 1 ? "" : "s"))"
        case .sameRegion: return sameRegion(candidate)
        case .sameNation: return sameNation(candidate)
        case .sameSector: return sameSector(candidate)
        case .sameRole: return sameRole(candidate)
        case .theyCanHelp, .youCanHelp, .helpsBothWays, .sharedGroups, .bias: return nil
        }
    }

    /// Signals that one reason covers.
    static func family(_ signal: BlendModel.Signal) -> Int {
        switch signal {
        case .commonNeighbours, .adamicAdar, .resourceAllocation, .pageRank: return BlendModel.Signal.adamicAdar.rawValue
        case .theyCanHelp, .youCanHelp, .helpsBothWays: return BlendModel.Signal.theyCanHelp.rawValue
        default: return signal.rawValue
        }
    }

    // MARK: Programmes

    /// Why the members of `rows` were put together (a pair or three of a round, a team): the interests they
    /// share, what one can help another with, whom they both know, and the boundaries they cross
    /// ("both work on reducing inpatient falls", "Wales and England").
    public func together(_ rows: [Int]) -> [String] {
        guard rows.count >= 2 else { return [] }
        var reasons: [String] = []
        var shared = Set(view.interests(rows[0]))
        for row in rows.dropFirst() { shared.formIntersection(view.interests(row)) }
        if !shared.isEmpty {
            let (topics, methods) = sharedInterests(rows[0], rows[1])
            let common = topics.filter { topic in shared.contains { view.codes.topics[Int($0)] == topic } }
            let usedMethods = methods.filter { method in shared.contains { view.codes.topics[Int($0)] == "method:" + method } }
            let lead = rows.count == 2 ? "both" : "all"
            if !common.isEmpty { reasons.append("\(lead) work on " + Self.list(common)) }
            if !usedMethods.isEmpty { reasons.append("\(lead) use " + Self.list(usedMethods)) }
        }
        for a in rows {
            for b in rows where a != b {
                let help = topics(view.offers(a), in: view.needs(b))
                if !help.isEmpty {
                    let name = names?[view.id(of: a)].flatMap { $0.isEmpty ? nil : $0 } ?? view.id(of: a)
                    let other = names?[view.id(of: b)].flatMap { $0.isEmpty ? nil : $0 } ?? view.id(of: b)
                    reasons.append("\(name) can help \(other) with " + Self.list(help))
                }
            }
        }
        if rows.count == 2, let mutual = mutualReason(rows[0], rows[1]) { reasons.append(mutual) }
        let places = Self.distinct(rows.compactMap { view.categoryValue(view.region($0)) ?? view.categoryValue(view.nation($0)) })
        if places.count > 1 { reasons.append(Self.list(places.map(Self.placeName))) }
        let sectors = Self.distinct(rows.compactMap { view.categoryValue(view.sector($0)) })
        if sectors.count > 1 { reasons.append(Self.list(sectors.map(Self.words)) + " sectors") }
        if reasons.isEmpty { reasons.append("nobody else left who had not met them: a chance to meet someone new") }
        return reasons
    }

    /// Why member `row` might join group `group`: the interests they share with its members or brief, whom in
    /// it they know, and what they could offer a project that needs it.
    public func group(_ row: Int, interests: [String], ties: [MemberID], offers: [String], kind: String) -> [String] {
        var reasons: [String] = []
        if !interests.isEmpty { reasons.append("shares its interests: " + Self.list(Array(interests.prefix(Self.listLimit)))) }
        if !offers.isEmpty {
            reasons.append((kind == "exchange" ? "could help the project with " : "can offer ")
                + Self.list(Array(offers.prefix(Self.listLimit))))
        }
        if !ties.isEmpty {
            let named = ties.compactMap { names?[$0] }.filter { !$0.isEmpty }.prefix(Self.listLimit)
            reasons.append(ties.count == 1
                ? (named.first.map { "knows a member: \($0)" } ?? "knows a member")
                : "knows \(ties.count) members" + (named.isEmpty ? "" : ", including " + Self.list(Array(named))))
        }
        return reasons
    }

    static func distinct(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    // MARK: Searches

    /// Why `candidate` matches a free-text query: their challenge, topics and methods that share its words,
    /// or the words their bio mentions. Each text is tokenised once.
    public static func matching(query: String, candidate: Member) -> [String] {
        let words = Set(Tokenizer.words(query))
        guard !words.isEmpty else { return [] }
        func overlaps(_ text: String) -> Int { Set(Tokenizer.words(text)).intersection(words).count }
        var reasons: [String] = []
        if overlaps(candidate.challenge) > 0 { reasons.append("working on: \(candidate.challenge)") }
        if let named = nameMatch(query, candidate.name) { reasons.append(named) }
        var seen = Set<String>()
        let topics = (candidate.topics + candidate.offers + candidate.needs)
            .map { ($0, overlaps($0)) }.filter { $0.1 > 0 && seen.insert($0.0.lowercased()).inserted }
            .sorted { $0.1 > $1.1 }.map(\.0)
        if !topics.isEmpty { reasons.append("interested in " + list(Array(topics.prefix(listLimit)))) }
        let methods = candidate.methods.filter { overlaps($0) > 0 }
        if !methods.isEmpty { reasons.append("uses " + list(Array(methods.prefix(listLimit)))) }
        if reasons.isEmpty {
            let found = Set(Tokenizer.words(candidate.bio)).intersection(words).sorted()
            if !found.isEmpty { reasons.append("mentions " + list(Array(found.prefix(listLimit)))) }
        }
        return reasons
    }

    /// "named Ann Lee" when the query holds the member's name (or one of its words).
    static func nameMatch(_ query: String, _ name: String) -> String? {
        let asked = Set(query.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "'" && $0 != "-" }.map(String.init))
        let parts = name.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "'" && $0 != "-" }.map(String.init)
        return !parts.isEmpty && parts.contains(where: asked.contains) ? "named \(name)" : nil
    }

    // MARK: Recruits

    /// Why the member of `row` is a recruit: the interests they share with the group or brief, the challenge
    /// they work on when it matches a brief, whom in the group they know, the quotas they count toward, and
    /// where they work.
    public func recruit(_ member: Member, row: Int, themes: Set<String>, brief: String?, ties: [MemberID],
                        quotas: [String]) -> [String] {
        var reasons: [String] = []
        if let brief, let working = Self.matching(query: brief, candidate: member).first(where: { $0.hasPrefix("working on: ") }) {
            reasons.append(working)
        }
        let interests = (member.topics + member.methods).filter { topic in
            themes.contains(topic.lowercased()) || !Set(Tokenizer.words(topic)).isDisjoint(with: themes)
        }
        if !interests.isEmpty { reasons.append("interested in " + Self.list(Array(interests.prefix(Self.listLimit)))) }
        if !ties.isEmpty {
            let named = ties.compactMap { names?[$0] }.filter { !$0.isEmpty }.prefix(Self.listLimit)
            reasons.append(ties.count == 1
                ? (named.first.map { "knows a member of the group: \($0)" } ?? "knows a member of the group")
                : "knows \(ties.count) members of the group" + (named.isEmpty ? "" : ", including " + Self.list(Array(named))))
        }
        if !quotas.isEmpty { reasons.append("counts toward " + Self.list(quotas)) }
        var place: [String] = []
        if let role = view.categoryValue(view.role(row)) { place.append(Self.withArticle(Self.words(role)).capitalizedFirst) }
        if let sector = view.categoryValue(view.sector(row)) { place.append("works " + Self.sectorPhrase(sector)) }
        if let region = view.categoryValue(view.region(row)) { place.append(Self.inPlace(region)) }
        if !place.isEmpty { reasons.append(place.joined(separator: ", ")) }
        return reasons
    }

    // MARK: Wording

    /// "a", "a and b", "a, b and c"; "a; b and c; d" (semicolons) when an item holds " and " itself.
    public static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        if items.contains(where: { $0.contains(" and ") }) { return items.joined(separator: "; ") }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// How a sector reads after "works": "in acute care", "in academia", "in the voluntary sector".
    public static func sectorPhrase(_ sector: String) -> String {
        switch sector.lowercased() {
        case "acute": return "in acute care"
        case "primary-care", "primary care": return "in primary care"
        case "community": return "in community services"
        case "mental-health", "mental health": return "in mental health"
        case "social-care", "social care": return "in social care"
        case "public-health", "public health": return "in public health"
        case "academic", "academia": return "in academia"
        case "national-body", "national body": return "at a national body"
        case "voluntary", "voluntary sector": return "in the voluntary sector"
        case "independent", "private": return "in the independent sector"
        default: return "in " + words(sector)
        }
    }

    /// A place as people write it: "South West", "Wales", "Northern Ireland".
    public static func placeName(_ text: String) -> String {
        words(text).split(separator: " ").map { word in
            ["and", "of", "the"].contains(word) ? String(word) : word.prefix(1).uppercased() + word.dropFirst()
        }.joined(separator: " ")
    }

    /// "in Wales", "in the South West", "in the East of England".
    public static func inPlace(_ text: String) -> String {
        let name = placeName(text)
        let first = name.split(separator: " ").first.map(String.init) ?? ""
        return "in " + (["North", "South", "East", "West"].contains(first) ? "the " : "") + name
    }

    /// An id-like value as words: "patient-leader" → "patient leader".
    public static func words(_ text: String) -> String {
        // Character by character (Foundation's replacingOccurrences showed in the profile of one answer).
        text.contains("-") ? String(text.map { $0 == "-" ? " " : $0 }) : text
    }

    /// "a nurse", "an improvement specialist".
    static func withArticle(_ noun: String) -> String {
        guard let first = noun.lowercased().first else { return noun }
        return ("aeiou".contains(first) ? "an " : "a ") + noun
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
