import Foundation
import QProfiles

/// What `rounds new` and `POST /v1/rounds` ask for.
public struct RoundRequest: Sendable, Codable {
    public var name: String
    /// The opt-in group whose discoverable members take part (or `members`).
    public var group: String?
    public var members: [MemberID]?
    /// 2 (pairs; one three for an odd count) or 3.
    public var size: Int
    /// No pair that shared a group in the last N rounds; nil: never again while any alternative exists.
    public var noRepeat: Int?
    public var mix: [MixField]
    public var seed: UInt64

    public init(name: String, group: String? = nil, members: [MemberID]? = nil, size: Int = 2, noRepeat: Int? = nil,
                mix: [MixField] = [], seed: UInt64 = 1) {
        self.name = name
        self.group = group
        self.members = members
        self.size = size
        self.noRepeat = noRepeat
        self.mix = mix
        self.seed = seed
    }
}

/// A round as shown to people: its groups with names, weights and reasons.
public struct RoundView: Sendable, Codable {
    public struct Person: Sendable, Codable, Hashable {
        public let id: MemberID
        public let name: String
    }
    public struct Group: Sendable, Codable {
        public let number: Int
        public let members: [Person]
        public let weight: Float
        public let reasons: [String]
    }
    public struct Unplaced: Sendable, Codable {
        public let id: MemberID
        public let reason: String
    }
    public let id: Int
    public let name: String
    public let group: String?
    public let size: Int
    public let created: String
    public let participants: Int
    public let groups: [Group]
    public let unplaced: [Unplaced]
    public let outcomes: [PairingRound.Outcome]
    /// Pairs put together although an earlier round had them together (only when nothing else placed everyone).
    public let repeatedPairs: Int
}

/// Pairing rounds over the store (participants, rules, history; where rounds are kept) and a serving view.
public struct RoundService: Sendable {
    public let store: ProfileStore
    public let recommender: Recommender

    public init(store: ProfileStore, view: ServingView) {
        self.store = store
        recommender = Recommender(view: view)
    }

    public var view: ServingView { recommender.view }

    /// Plans and stores a round.
    /// - Parameter weightsOut: given every allowed pair and its weight (member ids), before the round is stored.
    /// - Throws: ``ProfileError`` (not found) for an unknown group or member; ``MatchingError`` (invalid input)
    ///   for a request that cannot make a round (fewer than two participants, a bad size or window). Nothing is
    ///   stored on error.
    public func create(_ request: RoundRequest,
                       weightsOut: (([(a: MemberID, b: MemberID, weight: Double)]) throws -> Void)? = nil) async throws -> RoundView {
        let (plan, rows) = try await self.plan(request)
        try weightsOut?(plan.candidatePairs.map { (view.id(of: $0.a), view.id(of: $0.b), $0.weight) })
        var weights: [MemberID: Double] = [:]
        for (group, weight) in zip(plan.groups, plan.groupWeights) {
            for row in group { weights[view.id(of: row)] = Double(weight) }
        }
        guard !plan.groups.isEmpty else {
            throw MatchingError.invalidInput("round '\(request.name)': nobody could be placed: "
                + (plan.unplaced.first?.reason ?? "no allowed pair"))
        }
        let id = try await store.saveRound(name: request.name, group: request.group, size: request.size, seed: request.seed,
                                           groups: plan.groups.map { $0.map { view.id(of: $0) } }, weights: weights)
        _ = rows
        return try await show(id, unplaced: plan.unplaced, repeated: plan.repeatedPairs)
    }

    /// The participants' rows and the plan for `request` (nothing stored).
    public func plan(_ request: RoundRequest) async throws -> (RoundPlan, [Int]) {
        try Self.check(request)
        let ids: [MemberID]
        if let group = request.group {
            ids = try await store.discoverableMembers(ofGroup: group)
        } else {
            var seen = Set<MemberID>()
            var list: [MemberID] = []
            for id in request.members ?? [] where seen.insert(id).inserted {
                _ = try await store.visibleMember(id)
                list.append(id)
            }
            ids = list
        }
        let view = self.view
        let rows = ids.compactMap { view.row(of: $0) }.filter { view.isVisible($0) }
        guard rows.count >= 2 else {
            throw MatchingError.invalidInput("round '\(request.name)': \(rows.count) participant\(rows.count == 1 ? "" : "s") "
                + (request.group.map { "in group '\($0)' " } ?? "") + "(expected at least 2)")
        }
        let rules = try await rules(for: rows, noRepeat: request.noRepeat)
        var planner = RoundPlanner(weights: PairWeights(recommender: recommender, mix: request.mix))
        planner.size = request.size
        planner.seed = request.seed
        return (try planner.plan(rows, rules: rules), rows)
    }

    static func check(_ request: RoundRequest) throws {
        guard (1...200).contains(request.name.count) else {
            throw MatchingError.invalidInput("name: \(request.name.count) characters (expected 1...200)")
        }
        guard (request.group == nil) != (request.members == nil) else {
            throw MatchingError.invalidInput("give a group or a list of members (one of them)")
        }
        guard [2, 3].contains(request.size) else {
            throw MatchingError.invalidInput("size: \(request.size) (expected 2 or 3)")
        }
        if let window = request.noRepeat, !(0...1_000).contains(window) {
            throw MatchingError.invalidInput("no-repeat: \(window) (expected 0...1000 rounds)")
        }
        if let members = request.members, members.count > 100_000 {
            throw MatchingError.invalidInput("members: \(members.count) (expected at most 100000)")
        }
    }

    /// The rules for `rows`: connected pairs and dismissals forbidden; pairs of earlier rounds forbidden within
    /// the `noRepeat` window, or discouraged (any earlier round) without one.
    func rules(for rows: [Int], noRepeat: Int?) async throws -> PairRules {
        let view = self.view
        let members = Set(rows)
        var rules = PairRules()
        func rowPair(_ a: MemberID, _ b: MemberID) -> (Int, Int)? {
            guard let x = view.row(of: a), let y = view.row(of: b), members.contains(x), members.contains(y) else { return nil }
            return (x, y)
        }
        for connection in try await store.connections() {
            if let (x, y) = rowPair(connection.source, connection.target) { rules.forbid(x, y) }
        }
        for (a, b) in try await store.dismissals() {
            if let (x, y) = rowPair(a, b) { rules.forbid(x, y) }
        }
        let history = try await store.pairHistory()
        for pair in history.pairs {
            guard let (x, y) = rowPair(pair.a, pair.b) else { continue }
            if let window = noRepeat {
                if pair.roundsAgo <= window { rules.forbid(x, y) }
            } else {
                rules.discourage(x, y)
            }
        }
        rules.lastTrio = Set(history.lastTrio.compactMap { view.row(of: $0) })
        return rules
    }

    /// The round `id` as people see it (discoverable members only).
    /// - Throws: ``ProfileError`` (not found) for an unknown round.
    public func show(_ id: Int, unplaced: [(row: Int, reason: String)] = [], repeated: Int = 0) async throws -> RoundView {
        let round = try await store.round(id)
        return try await present(round, unplaced: unplaced, repeated: repeated)
    }

    /// The rounds member `id` took part in, each with the member's own group only.
    /// - Throws: ``ProfileError`` (not found) for an unknown or hidden member.
    public func rounds(of member: MemberID) async throws -> [RoundView] {
        _ = try await store.visibleMember(member)
        var result: [RoundView] = []
        for round in try await store.rounds(of: member) { result.append(try await present(round)) }
        return result
    }

    func present(_ round: PairingRound, unplaced: [(row: Int, reason: String)] = [], repeated: Int = 0) async throws -> RoundView {
        let view = self.view
        let everyone = round.groups.flatMap { $0 }
        let people = try await store.members(everyone + unplaced.map { view.id(of: $0.row) })
        var names: [MemberID: String] = [:]
        for (id, member) in people where member.discoverable { names[id] = member.name }
        let reasons = Reasons(view: view, groupNames: [:], names: names)
        let full = try await store.round(round.id)
        // Group numbers by member, once (a search per group would be quadratic in the groups).
        var numberOf: [MemberID: Int] = [:]
        for (index, members) in full.groups.enumerated() { for id in members where numberOf[id] == nil { numberOf[id] = index + 1 } }
        var groups: [RoundView.Group] = []
        for members in round.groups {
            let number = numberOf[members[0]] ?? 1
            let shown = members.filter { names[$0] != nil }
            let rows = shown.compactMap { view.row(of: $0) }
            groups.append(RoundView.Group(
                number: number, members: shown.map { RoundView.Person(id: $0, name: names[$0] ?? "") },
                weight: Float(round.weights[members[0]] ?? 0), reasons: rows.count >= 2 ? reasons.together(rows) : []))
        }
        return RoundView(id: round.id, name: round.name, group: round.group, size: round.size, created: round.created,
                         participants: everyone.count, groups: groups,
                         unplaced: unplaced.compactMap { item in
                             let id = view.id(of: item.row)
                             return names[id] == nil ? nil : RoundView.Unplaced(id: id, reason: item.reason)
                         },
                         outcomes: round.outcomes, repeatedPairs: repeated)
    }
}
