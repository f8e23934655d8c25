import Foundation
import QProfiles

/// What `teams` and `POST /v1/teams` ask for.
public struct TeamRequest: Sendable, Codable {
    public var group: String?
    public var members: [MemberID]?
    /// Team sizes `minSize...maxSize`, or `teams` teams (one of them).
    public var minSize: Int?
    public var maxSize: Int?
    public var teams: Int?
    /// Topics every team should cover.
    public var cover: [String]
    public var spread: [MixField]
    /// Pairs that must share a team, and pairs that must not.
    public var together: [[MemberID]]
    public var apart: [[MemberID]]
    public var seed: UInt64

    public init(group: String? = nil, members: [MemberID]? = nil, minSize: Int? = nil, maxSize: Int? = nil,
                teams: Int? = nil, cover: [String] = [], spread: [MixField] = [], together: [[MemberID]] = [],
                apart: [[MemberID]] = [], seed: UInt64 = 1) {
        self.group = group
        self.members = members
        self.minSize = minSize
        self.maxSize = maxSize
        self.teams = teams
        self.cover = cover
        self.spread = spread
        self.together = together
        self.apart = apart
        self.seed = seed
    }
}

/// Teams as people see them, with the baselines beside them.
public struct TeamsView: Sendable, Codable {
    public struct Team: Sendable, Codable {
        public let number: Int
        public let members: [RoundView.Person]
        public let covered: [String]
        public let missing: [String]
        /// Field → value → how many members.
        public let mix: [String: [String: Int]]
        public let figures: TeamFigures
        public let reasons: [String]
    }
    /// One method's figures over all its teams.
    public struct Summary: Sendable, Codable {
        public let method: String
        public let objective: Double
        public let coverage: Double
        public let spread: Double
        public let cohesion: Double
        public let brokenRules: Int
        /// The weakest, median and strongest team's objective.
        public let worstTeam: Double
        public let medianTeam: Double
        public let bestTeam: Double
    }
    public let pool: Int
    public let teams: [Team]
    /// `optimised` (these teams), `greedy` and `random`.
    public let methods: [Summary]
}

/// Teams and cohorts over the store and a serving view.
public struct TeamService: Sendable {
    public let store: ProfileStore
    public let view: ServingView

    public init(store: ProfileStore, view: ServingView) {
        self.store = store
        self.view = view
    }

    /// Plans teams (nothing is stored).
    /// - Throws: ``ProfileError`` (not found) for an unknown group or member; ``MatchingError`` (invalid input)
    ///   for sizes that cannot partition the pool, pairs naming members outside it, or contradictory pairs.
    public func plan(_ request: TeamRequest) async throws -> TeamsView {
        let sizing = try Self.sizing(request)
        let ids: [MemberID]
        if let group = request.group {
            ids = try await store.discoverableMembers(ofGroup: group)
        } else {
            var seen = Set<MemberID>(), list: [MemberID] = []
            for id in request.members ?? [] where seen.insert(id).inserted {
                _ = try await store.visibleMember(id)
                list.append(id)
            }
            ids = list
        }
        let rows = ids.compactMap { view.row(of: $0) }.filter { view.isVisible($0) }
        let sizes = try sizing.sizes(pool: rows.count)
        let index = Dictionary(uniqueKeysWithValues: rows.enumerated().map { (view.id(of: $1), $0) })
        func pairs(_ list: [[MemberID]], _ option: String) throws -> [(Int, Int)] {
            try list.map { pair in
                guard pair.count == 2, pair[0] != pair[1] else {
                    throw MatchingError.invalidInput("\(option): \(pair.joined(separator: ",")) (expected two different members, A,B)")
                }
                guard let a = index[pair[0]], let b = index[pair[1]] else {
                    let missing = pair.first { index[$0] == nil } ?? ""
                    throw MatchingError.invalidInput("\(option): '\(missing)' is not in the pool"
                        + (request.group.map { " (the discoverable members of group '\($0)')" } ?? ""))
                }
                return (a, b)
            }
        }
        let together = try pairs(request.together, "together")
        let apart = try pairs(request.apart, "apart")
        try Self.checkConsistent(together: together, apart: apart, largest: sizes.max() ?? 0, ids: rows.map { view.id(of: $0) })
        var planner = TeamPlanner(view: view)
        planner.cover = request.cover
        planner.spread = request.spread
        planner.together = together
        planner.apart = apart
        planner.seed = request.seed
        let best = planner.optimised(rows, sizes: sizes)
        let methods = [("optimised", best), ("greedy", planner.greedy(rows, sizes: sizes)),
                       ("random", planner.random(rows, sizes: sizes))].map { Self.summary($0.0, $0.1) }
        let names = try await store.members(best.teams.flatMap { $0 }.map { view.id(of: $0) })
            .compactMapValues { $0.discoverable ? $0.name : nil }
        let reasons = Reasons(view: view, names: names)
        let masks = planner.coverage(best.teams.flatMap { $0 })
        var offset = 0
        var teams: [TeamsView.Team] = []
        for (number, (team, figures)) in zip(best.teams, best.figures).enumerated() {
            var mask: UInt64 = 0
            for i in offset..<(offset + team.count) { mask |= masks[i] }
            offset += team.count
            let covered = request.cover.prefix(64).enumerated().filter { mask & (1 << UInt64($0.offset)) != 0 }.map(\.element)
            var mix: [String: [String: Int]] = [:]
            for field in (request.spread.isEmpty ? [.nation, .sector, .role] : request.spread) {
                for row in team {
                    let value = view.categoryValue(field.code(view, row)) ?? "unknown"
                    mix[field.rawValue, default: [:]][value, default: 0] += 1
                }
            }
            teams.append(TeamsView.Team(
                number: number + 1, members: team.map { RoundView.Person(id: view.id(of: $0), name: names[view.id(of: $0)] ?? "") },
                covered: covered, missing: request.cover.filter { !covered.contains($0) }, mix: mix, figures: figures,
                reasons: Array(reasons.together(team).prefix(3))))
        }
        return TeamsView(pool: rows.count, teams: teams, methods: methods)
    }

    static func sizing(_ request: TeamRequest) throws -> TeamSizing {
        switch (request.minSize, request.maxSize, request.teams) {
        case (let low?, let high?, nil):
            guard low >= 1, low <= high, high <= 10_000 else {
                throw MatchingError.invalidInput("size: \(low)..\(high) (expected MIN..MAX with 1 ≤ MIN ≤ MAX ≤ 10000)")
            }
            return .range(low...high)
        case (nil, nil, let count?):
            guard count >= 1 else { throw MatchingError.invalidInput("teams: \(count) (expected 1 or more)") }
            return .count(count)
        default:
            throw MatchingError.invalidInput("give team sizes (MIN..MAX) or a number of teams (one of them)")
        }
    }

    /// Contradictory pairs: one pair both together and apart, two members tied together (through others) who
    /// must be apart, or more members tied together than the largest team holds.
    static func checkConsistent(together: [(Int, Int)], apart: [(Int, Int)], largest: Int, ids: [MemberID]) throws {
        var parent = [Int: Int]()
        func find(_ x: Int) -> Int {
            var x = x
            while let p = parent[x], p != x { x = p }
            return x
        }
        for (a, b) in together {
            let ra = find(a), rb = find(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
            if parent[min(ra, rb)] == nil { parent[min(ra, rb)] = min(ra, rb) }
        }
        for (a, b) in apart where find(a) == find(b) && (parent[a] != nil || parent[b] != nil) {
            throw MatchingError.invalidInput("together and apart contradict each other: '\(ids[a])' and '\(ids[b])' "
                + "must share a team (by --together) and must not (by --apart)")
        }
        var sizes = [Int: Int]()
        for member in Set(together.flatMap { [$0.0, $0.1] }) { sizes[find(member), default: 0] += 1 }
        if let (root, size) = sizes.first(where: { $0.value > largest }) {
            throw MatchingError.invalidInput("together: \(size) members are tied together (with '\(ids[root])'), "
                + "more than the largest team of \(largest)")
        }
    }

    static func summary(_ method: String, _ plan: TeamPlanner.Plan) -> TeamsView.Summary {
        let figures = plan.figures
        let count = Double(max(1, figures.count))
        let sorted = figures.map(\.objective).sorted()
        return TeamsView.Summary(
            method: method, objective: plan.total, coverage: figures.reduce(0) { $0 + $1.coverage } / count,
            spread: figures.reduce(0) { $0 + $1.spread } / count, cohesion: figures.reduce(0) { $0 + $1.cohesion } / count,
            brokenRules: figures.reduce(0) { $0 + $1.brokenRules }, worstTeam: sorted.first ?? 0,
            medianTeam: sorted.isEmpty ? 0 : sorted[sorted.count / 2], bestTeam: sorted.last ?? 0)
    }
}
