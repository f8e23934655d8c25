import QLinearAlgebra
/// Grows the community's ties day by day from 2015-01-01 to 2026-10-31, in time order, so every tie can depend
/// only on what existed before it: that is what makes hiding the newest ties a fair test for a recommender.
///
/// Each day: members who join make a few ties at once (same theme, region or group); ties scheduled by group
/// activities happen (lab collaborations, Q Exchange comments, events); then a number of ambient ties, in
/// proportion to the total activity of the members so far, each started by a member picked by activity (heavy
/// tailed) and made by one of: a friend of a friend (triadic closure), someone with the same theme and region,
/// the same theme, the same region, a shared group, anyone at all (cross-boundary), or a message to an existing
/// contact.
struct TieSimulation {
    private let population: Population
    private let lists: MemberLists
    private let catalogue: GroupCatalogue
    private var adjacency: AdjacencyPool
    private var rng: SeededGenerator
    private let kind: CommunityKind
    /// Per member, its unit (empty when the kind has none); `unitLists`: the members of each unit, ascending.
    private let units: [Int32]
    private let unitLists: IndexLists

    /// Rows per member the simulation aims at (mean degree about 10): ambient ties make up what joining ties
    /// (about 1 per member) and scheduled group ties (fewer per member in large communities) leave.
    static let tiesPerMember = 4.9
    static let joiningTiesPerMember = 1.05

    init(population: Population, lists: MemberLists, catalogue: GroupCatalogue, seed: UInt64,
         kind: CommunityKind = .q, units: [Int32] = []) {
        self.population = population
        self.lists = lists
        self.catalogue = catalogue
        self.kind = kind
        self.units = units
        let unitCount = Int(units.max() ?? -1) + 1
        unitLists = IndexLists(keyCount: unitCount, keys: units, values: (0..<Int32(units.count)).map { $0 })
        adjacency = AdjacencyPool(count: population.count, expectedEdges: population.count * 5)
        rng = SeededGenerator(seed: seed, stream: 4, index: 0)
    }

    func degree(of member: Int) -> Int { adjacency.degree(of: member) }

    /// Runs the whole simulation, handing each new tie to `emit(a, b, kind, day)` in time order.
    /// `progress` gets the number of members joined so far, now and then.
    /// - Complexity: O(ties × typical degree) time, O(members + ties) memory.
    mutating func run(emit: (Int, Int, TieKind, Int) throws -> Void, progress: (Int) -> Void) throws {
        let lastDay = Population.lastTieDay
        // Ambient ties per day, in proportion to the activity of the members who have joined.
        var cumulative: [Double] = []
        cumulative.reserveCapacity(lastDay + 1)
        var running = 0.0
        for day in 0...lastDay {
            running += population.activityPrefix[Int(population.joinedBy[day])]
            cumulative.append(running)
        }
        let scheduled = Double(catalogue.scheduledA.count)
        let members = Double(population.count)
        var target = max(0.5 * members, (Self.tiesPerMember - Self.joiningTiesPerMember) * members - scheduled)
        if kind == .online { target = 0.35 * members }   // sparse: about 2 ties per member in all
        var ambientSoFar = 0
        var joined = 0
        for day in 0...lastDay {
            let before = joined
            joined = Int(population.joinedBy[day])
            for member in before..<joined {
                for _ in 0..<joiningTies(member) {
                    let partner = viaJoining(member, joined: joined, day: day)
                    if partner >= 0, record(member, partner, .connection) { try emit(member, partner, .connection, day) }
                }
            }
            for index in catalogue.scheduledByDay.list(day) {
                let a = Int(catalogue.scheduledA[Int(index)])
                let b = Int(catalogue.scheduledB[Int(index)])
                let kind = catalogue.scheduledKind[Int(index)]
                if record(a, b, kind) { try emit(a, b, kind, day) }
            }
            let upTo = running > 0 ? Int((target * cumulative[day] / running).rounded()) : 0
            for _ in ambientSoFar..<max(ambientSoFar, upTo) {
                guard let member = initiator(joined: joined) else { break }
                let (partner, kind) = ambientPartner(member, joined: joined, day: day)
                if partner >= 0, record(member, partner, kind) { try emit(member, partner, kind, day) }
            }
            ambientSoFar = max(ambientSoFar, upTo)
            if day % 32 == 0 { progress(joined) }
        }
        progress(population.count)
    }

    // MARK: Mechanisms

    private mutating func joiningTies(_ member: Int) -> Int {
        if population.flags[member].contains(.lurker) { return rng.chance(0.15) ? 1 : 0 }
        let r = rng.unit()
        return r < 0.3 ? 0 : r < 0.65 ? 1 : r < 0.87 ? 2 : 3
    }

    private mutating func viaJoining(_ member: Int, joined: Int, day: Int) -> Int {
        switch kind {
        case .q: break
        case .classroom, .ward:
            let partner = viaUnit(member, joined: joined, otherRole: kind == .ward)
            return partner >= 0 ? partner : viaAnyone(member, joined: joined)
        case .online:
            return viaPopular(member, joined: joined)
        }
        let r = rng.unit()
        if r < 0.5 { return viaThemeRegion(member, joined: joined) }
        if r < 0.75 { return viaTheme(member, joined: joined) }
        let partner = viaGroup(member, joined: joined, day: day)
        return partner >= 0 ? partner : viaTheme(member, joined: joined)
    }

    private mutating func ambientPartner(_ member: Int, joined: Int, day: Int) -> (Int, TieKind) {
        if kind != .q { return (ambientPartnerOfKind(member, joined: joined), .connection) }
        let r = rng.unit()
        var partner = -1
        if r < 0.34, adjacency.degree(of: member) > 0 {
            partner = viaFriendOfFriend(member)
        } else if r < 0.54 {
            partner = viaThemeRegion(member, joined: joined)
        } else if r < 0.65 {
            partner = viaTheme(member, joined: joined)
        } else if r < 0.74 {
            partner = viaRegion(member, joined: joined)
        } else if r < 0.84 {
            partner = viaGroup(member, joined: joined, day: day)
        } else if r < 0.97 {
            partner = viaAnyone(member, joined: joined)
        } else if adjacency.degree(of: member) > 0 {
            let contact = adjacency.neighbour(of: member, at: rng.below(adjacency.degree(of: member)))
            return (contact, rng.chance(0.25) ? .collaboration : .message)
        }
        if partner < 0 { partner = viaTheme(member, joined: joined) }
        return (partner, .connection)
    }

    /// The partner of an ambient tie in a community of another ``CommunityKind`` than Q.
    private mutating func ambientPartnerOfKind(_ member: Int, joined: Int) -> Int {
        let r = rng.unit()
        let hasFriends = adjacency.degree(of: member) > 0
        var partner = -1
        switch kind {
        case .q:
            preconditionFailure("Q's ties are drawn by ambientPartner")
        case .classroom, .ward:
            if r < 0.75 {
                partner = viaUnit(member, joined: joined, otherRole: kind == .ward)
            } else if r < 0.9, hasFriends {
                partner = viaFriendOfFriend(member)
            } else {
                partner = viaAnyone(member, joined: joined)
            }
        case .online:
            if r < 0.45 {
                partner = viaPopular(member, joined: joined)
            } else if r < 0.8, hasFriends {
                partner = viaFriendOfFriend(member)
            } else {
                partner = viaTheme(member, joined: joined)
            }
        }
        return partner >= 0 ? partner : viaAnyone(member, joined: joined)
    }

    /// A member of the same unit who has joined; with `otherRole`, one of another role (a few tries).
    private mutating func viaUnit(_ member: Int, joined: Int, otherRole: Bool) -> Int {
        guard !units.isEmpty else { return -1 }
        let unit = Int(units[member])
        let available = unitLists.prefixCount(unit, below: joined)
        guard available > 0 else { return -1 }
        for _ in 0..<6 {
            let candidate = Int(unitLists[unit, rng.below(available)])
            if otherRole, population.role[candidate] == population.role[member] { continue }
            if accepts(candidate, for: member) { return candidate }
        }
        return -1
    }

    /// A member chosen in proportion to activity (the popular attract ties: preferential attachment).
    private mutating func viaPopular(_ member: Int, joined: Int) -> Int {
        for _ in 0..<4 {
            guard let candidate = initiator(joined: joined) else { return -1 }
            if accepts(candidate, for: member) { return candidate }
        }
        return -1
    }

    private mutating func viaFriendOfFriend(_ member: Int) -> Int {
        for _ in 0..<3 {
            let friend = adjacency.neighbour(of: member, at: rng.below(adjacency.degree(of: member)))
            let candidate = adjacency.neighbour(of: friend, at: rng.below(adjacency.degree(of: friend)))
            if accepts(candidate, for: member), population.sharesTheme(member, candidate) || rng.chance(0.5) {
                return candidate
            }
        }
        return -1
    }

    private mutating func viaTheme(_ member: Int, joined: Int) -> Int {
        let theme = Int(pickTheme(member))
        let available = lists.byTheme.prefixCount(theme, below: joined)
        for _ in 0..<4 {
            let candidate = Int(lists.byTheme[theme, rng.below(available)])
            if accepts(candidate, for: member) { return candidate }
        }
        return -1
    }

    private mutating func viaThemeRegion(_ member: Int, joined: Int) -> Int {
        let key = Int(pickTheme(member)) * MemberLists.regionCount + Int(population.region[member])
        let available = lists.byThemeRegion.prefixCount(key, below: joined)
        for _ in 0..<4 {
            let candidate = Int(lists.byThemeRegion[key, rng.below(available)])
            if accepts(candidate, for: member) { return candidate }
        }
        return -1
    }

    private mutating func viaRegion(_ member: Int, joined: Int) -> Int {
        let region = Int(population.region[member])
        let available = lists.byRegion.prefixCount(region, below: joined)
        for _ in 0..<4 {
            let candidate = Int(lists.byRegion[region, rng.below(available)])
            if accepts(candidate, for: member) { return candidate }
        }
        return -1
    }

    private mutating func viaGroup(_ member: Int, joined: Int, day: Int) -> Int {
        let count = catalogue.memberGroups.count(member)
        guard count > 0 else { return -1 }
        for _ in 0..<3 {
            let group = Int(catalogue.memberGroups[member, rng.below(count)])
            guard Int(catalogue.startDay[group]) <= day else { continue }
            let available = catalogue.groupMembers.prefixCount(group, below: joined)
            let candidate = Int(catalogue.groupMembers[group, rng.below(available)])
            if accepts(candidate, for: member) { return candidate }
        }
        return -1
    }

    private mutating func viaAnyone(_ member: Int, joined: Int) -> Int {
        for _ in 0..<4 {
            let candidate = rng.below(joined)
            if accepts(candidate, for: member) { return candidate }
        }
        return -1
    }

    // MARK: Helpers

    /// A member who has joined, chosen in proportion to activity; nil when nobody active has joined.
    private mutating func initiator(joined: Int) -> Int? {
        let prefix = population.activityPrefix
        guard joined > 0, prefix[joined] > 0 else { return nil }
        let target = rng.unit() * prefix[joined]
        var low = 0
        var high = joined - 1
        while low < high {
            let mid = (low + high) / 2
            if prefix[mid + 1] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// One of the member's themes: the main one most often.
    private mutating func pickTheme(_ member: Int) -> UInt8 {
        let second = population.theme(of: member, slot: 1)
        let third = population.theme(of: member, slot: 2)
        let r = rng.unit()
        if r < 0.6 || second == Population.noTheme { return population.theme(of: member, slot: 0) }
        if r < 0.88 || third == Population.noTheme { return second }
        return third
    }

    /// Whether `candidate` takes up a new tie with `member`: not themselves, not already tied, and lurkers and
    /// hidden members mostly decline.
    private mutating func accepts(_ candidate: Int, for member: Int) -> Bool {
        guard candidate != member else { return false }
        let flags = population.flags[candidate]
        if flags.contains(.lurker), !rng.chance(0.15) { return false }
        if flags.contains(.hidden), !rng.chance(0.5) { return false }
        let (small, large) = adjacency.degree(of: member) <= adjacency.degree(of: candidate)
            ? (member, candidate) : (candidate, member)
        return adjacency.slot(of: large, in: small) == nil
    }

    /// Adds a tie of `kind` between `a` and `b`; false when it is a self loop or the pair already has that kind.
    private mutating func record(_ a: Int, _ b: Int, _ kind: TieKind) -> Bool {
        guard a != b else { return false }
        let (small, large) = adjacency.degree(of: a) <= adjacency.degree(of: b) ? (a, b) : (b, a)
        if let slot = adjacency.slot(of: large, in: small) {
            guard adjacency.kinds(at: slot) & kind.bit == 0 else { return false }
            adjacency.addKinds(kind.bit, at: slot)
            guard let other = adjacency.slot(of: small, in: large) else { preconditionFailure("one-sided tie") }
            adjacency.addKinds(kind.bit, at: other)
        } else {
            adjacency.append(large, to: small, kinds: kind.bit)
            adjacency.append(small, to: large, kinds: kind.bit)
        }
        return true
    }
}
