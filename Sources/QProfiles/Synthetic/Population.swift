import QLinearAlgebra
/// The compact facts about every member that groups and ties depend on: a few bytes per member, no strings.
/// Member `k` is the `k`th to join. Names and free text are drawn later, one member at a time.
struct Population {
    struct Flags: OptionSet {
        let rawValue: UInt8
        /// Not discoverable.
        static let hidden = Flags(rawValue: 1)
        /// A thin profile: several fields left empty.
        static let thin = Flags(rawValue: 2)
        /// Joined but rarely engages: starts no ties and is seldom chosen.
        static let lurker = Flags(rawValue: 4)
    }

    static let noTheme = UInt8.max
    static let themesPerMember = 3
    /// The last day anyone joins: 2026-06-30.
    static let lastJoinDay = CalendarDay.day(year: 2026, month: 6, day: 30)
    /// The last day a tie forms: 2026-10-31.
    static let lastTieDay = CalendarDay.day(year: 2026, month: 10, day: 31)

    let count: Int
    private(set) var joinDay: [Int32]
    /// Indices into ``Taxonomy/regions``, ``Taxonomy/roles``, ``Taxonomy/sectors``.
    private(set) var region: [UInt8]
    private(set) var role: [UInt8]
    private(set) var sector: [UInt8]
    /// ``themesPerMember`` per member, main theme first, ``noTheme`` when fewer.
    private(set) var themes: [UInt8]
    private(set) var flags: [Flags]
    /// `activityPrefix[k]`: total activity of members `0..<k`; activity is how often a member starts a tie.
    private(set) var activityPrefix: [Double]
    /// `joinedBy[d]`: how many members joined on or before day `d`, for `d` in `0...lastTieDay`.
    private(set) var joinedBy: [Int32]

    /// Draws every member's facts from its own stream of `seed`.
    /// - Complexity: O(`count`).
    init(count: Int, seed: UInt64) {
        self.count = count
        joinDay = []
        region = []
        role = []
        sector = []
        themes = []
        flags = []
        activityPrefix = [0]
        joinDay.reserveCapacity(count)
        region.reserveCapacity(count)
        role.reserveCapacity(count)
        sector.reserveCapacity(count)
        themes.reserveCapacity(count * Self.themesPerMember)
        flags.reserveCapacity(count)
        activityPrefix.reserveCapacity(count + 1)

        let regions = WeightedChoice(Taxonomy.regions.map { region in
            let nationTotal = Taxonomy.regions.filter { $0.nation == region.nation }.reduce(0) { $0 + $1.population }
            return Taxonomy.nations[region.nation].weight * region.population / nationTotal
        })
        let roles = WeightedChoice(Taxonomy.roles.map(\.weight))
        let sectorsByRole = Taxonomy.roles.map { WeightedChoice($0.sectorWeights) }
        let popularity = WeightedChoice(zipf: Taxonomy.themes.count, quarters: 4)
        let themeCounts = WeightedChoice([0.3, 0.45, 0.25])
        let affinity = Taxonomy.sectorThemes.map { $0.map(Self.themeIndex) }
        let patientLeader = Taxonomy.roles.firstIndex { $0.slug == "patient-leader" }!
        let patientThemes = ["co-production", "patient-experience", "peer-support"].map(Self.themeIndex)

        var total = 0.0
        for member in 0..<count {
            var rng = SeededGenerator(seed: seed, stream: 1, index: member)
            joinDay.append(Int32(Self.joinDay(rank: member, of: count, rng: &rng)))
            region.append(UInt8(regions.pick(&rng)))
            let roleIndex = roles.pick(&rng)
            role.append(UInt8(roleIndex))
            let sectorIndex = sectorsByRole[roleIndex].pick(&rng)
            sector.append(UInt8(sectorIndex))

            var chosen: [UInt8] = []
            if rng.chance(0.45) {
                let pool = roleIndex == patientLeader ? patientThemes : affinity[sectorIndex]
                chosen.append(rng.element(of: pool))
            } else {
                chosen.append(UInt8(popularity.pick(&rng)))
            }
            let wanted = themeCounts.pick(&rng) + 1
            var attempts = 0
            while chosen.count < wanted, attempts < 20 {
                let theme = UInt8(popularity.pick(&rng))
                if !chosen.contains(theme) { chosen.append(theme) }
                attempts += 1
            }
            for slot in 0..<Self.themesPerMember {
                themes.append(slot < chosen.count ? chosen[slot] : Self.noTheme)
            }

            var memberFlags: Flags = []
            if rng.chance(0.03) { memberFlags.insert(.hidden) }
            if rng.chance(0.08) { memberFlags.insert(.thin) }
            if rng.chance(memberFlags.contains(.thin) ? 0.4 : 0.1) { memberFlags.insert(.lurker) }
            flags.append(memberFlags)
            // Pareto(alpha 2, minimum 0.5): mean 1, a heavy tail of very active members, capped.
            let activity = memberFlags.contains(.lurker) ? 0 : min(40, 0.5 / (1 - rng.unit()).squareRoot())
            total += activity
            activityPrefix.append(total)
        }

        joinedBy = [Int32](repeating: Int32(count), count: Self.lastTieDay + 1)
        var joined = 0
        for day in 0...Self.lastTieDay {
            while joined < count, Int(joinDay[joined]) <= day { joined += 1 }
            joinedBy[day] = Int32(joined)
        }
    }

    /// The index of the theme with `slug`.
    static func themeIndex(_ slug: String) -> UInt8 {
        guard let index = Taxonomy.themes.firstIndex(where: { $0.slug == slug }) else {
            preconditionFailure("no theme \(slug)")
        }
        return UInt8(index)
    }

    /// Join days rise over time: 4% join in the launch months of 2015, the rest at a rate rising linearly to four
    /// times its start by ``lastJoinDay``. Stratified by rank, so member ids come in join order. Square roots only
    /// (no libm), so the days are the same on every platform.
    private static func joinDay(rank: Int, of count: Int, rng: inout SeededGenerator) -> Int {
        let quantile = (Double(rank) + rng.unit()) / Double(count)
        let launchShare = 0.04
        let launchDays = 120.0
        if quantile < launchShare { return Int(quantile / launchShare * launchDays) }
        // Density ∝ 1 + a·x on [0, 1]; invert its CDF (x + a·x²/2) / (1 + a/2) = u.
        let a = 3.0
        let u = (quantile - launchShare) / (1 - launchShare)
        let x = ((1 + 2 * a * u * (1 + a / 2)).squareRoot() - 1) / a
        return min(lastJoinDay, Int(launchDays + x * (Double(lastJoinDay) - launchDays)))
    }

    func nation(of member: Int) -> Int { Taxonomy.regions[Int(region[member])].nation }

    /// The member's themes, main first.
    func themes(of member: Int) -> ArraySlice<UInt8> {
        let first = member * Self.themesPerMember
        let slice = themes[first..<(first + Self.themesPerMember)]
        return slice.prefix { $0 != Self.noTheme }
    }

    func theme(of member: Int, slot: Int) -> UInt8 { themes[member * Self.themesPerMember + slot] }

    func sharesTheme(_ a: Int, _ b: Int) -> Bool {
        let x = a * Self.themesPerMember
        let y = b * Self.themesPerMember
        for i in 0..<Self.themesPerMember where themes[x + i] != Self.noTheme {
            for j in 0..<Self.themesPerMember where themes[x + i] == themes[y + j] { return true }
        }
        return false
    }
}
