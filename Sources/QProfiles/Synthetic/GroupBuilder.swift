import QLinearAlgebra
/// Makes the groups of a ``GroupCatalogue`` one kind at a time, drawing from one sequential stream.
struct GroupBuilder {
    private let population: Population
    private let lists: MemberLists
    private var rng: SeededGenerator
    /// `mark[m] == g`: member `m` is already in group `g`.
    private var mark: [Int32]
    /// The members of the group being built, in the order chosen.
    private var chosen: [Int] = []

    private(set) var groups: [Group] = []
    private(set) var startDay: [Int32] = []
    private(set) var membershipMember: [Int32] = []
    private(set) var membershipGroup: [Int32] = []
    private(set) var tieDay: [Int32] = []
    private(set) var tieA: [Int32] = []
    private(set) var tieB: [Int32] = []
    private(set) var tieKind: [TieKind] = []

    init(population: Population, lists: MemberLists, seed: UInt64) {
        self.population = population
        self.lists = lists
        rng = SeededGenerator(seed: seed, stream: 3, index: 0)
        mark = [Int32](repeating: -1, count: population.count)
    }

    // MARK: Kinds

    /// One SIG per theme, then the cross-cutting ones; members join the SIGs of their themes and audiences.
    mutating func addSIGs(count: Int) {
        let themeSIGs = min(count, Taxonomy.themes.count)
        for theme in Taxonomy.themes.prefix(themeSIGs) {
            let about = theme.topics.prefix(3).joined(separator: ", ")
            addGroup(Group(id: "sig-\(theme.slug)", name: theme.name, kind: .sig,
                           description: "Special interest group on \(theme.name.lowercased()): \(about) and more.",
                           keywords: Array(theme.topics.prefix(5))), start: 0)
        }
        let extras = Array(Taxonomy.extraSIGs.prefix(count - themeSIGs))
        for sig in extras {
            addGroup(Group(id: "sig-\(sig.slug)", name: sig.name, kind: .sig, description: sig.description,
                           keywords: sig.keywords), start: 0)
        }
        let audiences: [(nation: Int?, role: Int?, sector: Int?)] = extras.map { sig in
            switch sig.audience {
            case .nation(let name): (Taxonomy.nations.firstIndex { $0.name == name }, nil, nil)
            case .role(let slug): (nil, Taxonomy.roles.firstIndex { $0.slug == slug }, nil)
            case .sector(let slug): (nil, nil, Taxonomy.sectors.firstIndex(of: slug))
            case .anyone: (nil, nil, nil)
            }
        }
        let themeShare = [0.55, 0.35, 0.25]
        for member in 0..<population.count {
            let damping = population.flags[member].contains(.lurker) ? 0.5 : 1
            for (slot, theme) in population.themes(of: member).enumerated()
            where Int(theme) < themeSIGs && rng.chance(themeShare[slot] * damping) {
                join(member, Int(theme))
            }
            for (index, audience) in audiences.enumerated() {
                let matches: Bool
                if let nation = audience.nation {
                    matches = population.nation(of: member) == nation
                } else if let role = audience.role {
                    matches = Int(population.role[member]) == role
                } else if let sector = audience.sector {
                    matches = Int(population.sector[member]) == sector
                } else {
                    matches = true
                }
                let isAnyone = audience.nation == nil && audience.role == nil && audience.sector == nil
                if matches, rng.chance((isAnyone ? 0.03 : 0.3) * damping) { join(member, themeSIGs + index) }
            }
        }
    }

    /// Q Lab cohorts, one theme per lab and year, 2017–2025; members who work on the theme collaborate all year.
    mutating func addLabs(count: Int) {
        guard count > 0 else { return }
        let years = GroupPlan.labYears
        let popularity = WeightedChoice(zipf: Taxonomy.themes.count, quarters: 4)
        let size = min(120, 12 + population.count / 500)
        var usedThemes: [Int] = []
        var currentYear = -1
        for lab in 0..<count {
            let year = years.lowerBound + lab * years.count / count
            if year != currentYear { usedThemes = []; currentYear = year }
            var theme = popularity.pick(&rng)
            for _ in 0..<50 where usedThemes.contains(theme) { theme = popularity.pick(&rng) }
            usedThemes.append(theme)
            let info = Taxonomy.themes[theme]
            let start = CalendarDay.day(year: year, month: 2, day: 1)
            let group = addGroup(Group(
                id: "lab-\(year)-\(info.slug)", name: "Q Lab \(year): \(info.name)", kind: .lab,
                description: "A Q Lab cohort exploring \(info.name.lowercased()), from \(info.topics[0]) to \(info.topics[1]).",
                keywords: Array(info.topics.prefix(4))), start: start)
            let joined = Int(population.joinedBy[start])
            let available = lists.byTheme.prefixCount(theme, below: joined)
            guard available > 0 else { continue }
            choose(min(size, max(1, available / 2)), into: group) { builder in
                let position = builder.rng.below(available)
                return Int(builder.lists.byTheme[theme, position])
            }
            guard chosen.count >= 2 else { continue }
            for _ in 0..<(2 * chosen.count) {
                let a = rng.element(of: chosen)
                let b = rng.element(of: chosen)
                if a != b { schedule(a, b, .collaboration, day: start + rng.below(300)) }
            }
        }
    }

    /// Q Exchange project ideas, more each year as the community grows: a lead, a team from the lead's theme
    /// (and region, where possible) and commenters.
    mutating func addExchanges(count: Int) {
        guard count > 0 else { return }
        let years = Array(GroupPlan.exchangeYears)
        var cumulative: [Double] = []
        var total = 0.0
        for year in years {
            total += Double(max(1, population.joinedBy[CalendarDay.day(year: year, month: 3, day: 1)]))
            cumulative.append(total)
        }
        let width = max(4, String(count).count)
        for project in 0..<count {
            let quantile = (Double(project) + rng.unit()) / Double(count) * total
            let year = years[cumulative.firstIndex { $0 > quantile } ?? years.count - 1]
            let start = min(Population.lastJoinDay, CalendarDay.day(year: year, month: 3, day: 1) + rng.below(120))
            let joined = Int(population.joinedBy[start])
            var lead = joined > 0 ? rng.below(joined) : -1
            for _ in 0..<10 where lead >= 0 && population.flags[lead].contains(.lurker) { lead = rng.below(joined) }
            let theme = lead >= 0 ? Int(population.theme(of: lead, slot: 0)) : rng.below(Taxonomy.themes.count)
            let info = Taxonomy.themes[theme]
            let topic = rng.element(of: info.topics)
            let place = lead >= 0 ? rng.element(of: Taxonomy.regions[Int(population.region[lead])].places) : "the UK"
            let number = String(project + 1)
            let group = addGroup(Group(
                id: "exchange-" + String(repeating: "0", count: width - number.count) + number,
                name: "Q Exchange \(year): \(capitalised(topic)) in \(place)", kind: .exchange,
                description: "A Q Exchange idea: \(rng.element(of: info.challenges)).",
                keywords: [topic] + info.topics.prefix(2).filter { $0 != topic }), start: start)
            guard lead >= 0 else { continue }
            join(lead, group)
            chosen = []
            let key = theme * MemberLists.regionCount + Int(population.region[lead])
            let local = lists.byThemeRegion.prefixCount(key, below: joined)
            let themed = lists.byTheme.prefixCount(theme, below: joined)
            let team = 1 + rng.below(2)
            for _ in 0..<(team * 4) where chosen.count < team {
                let member = local > 1 ? Int(lists.byThemeRegion[key, rng.below(local)])
                    : Int(lists.byTheme[theme, rng.below(themed)])
                if mark[member] != Int32(group) { join(member, group); chosen.append(member) }
            }
            for member in chosen { schedule(lead, member, .collaboration, day: start + rng.below(30)) }
            let commenters = 2 + rng.below(7)
            var added = 0
            for _ in 0..<(commenters * 4) where added < commenters {
                let member = rng.chance(0.75) ? Int(lists.byTheme[theme, rng.below(themed)]) : rng.below(joined)
                guard mark[member] != Int32(group) else { continue }
                if population.flags[member].contains(.lurker), rng.chance(0.8) { continue }
                join(member, group)
                schedule(member, lead, .comment, day: start + rng.below(60))
                added += 1
            }
        }
    }

    /// A national community event each autumn and regional meet-ups; attendees meet others who share a theme.
    mutating func addEvents(national: Int, regionalPerYear: Int) {
        let nationalSize = min(1_500, max(8, population.count / 25))
        let regionalSize = min(300, max(8, population.count / 300))
        let regionsByWeight = Taxonomy.regions.indices.sorted {
            let a = Taxonomy.regions[$0], b = Taxonomy.regions[$1]
            let wa = Taxonomy.nations[a.nation].weight * a.population, wb = Taxonomy.nations[b.nation].weight * b.population
            return wa != wb ? wa > wb : $0 < $1
        }
        for (index, year) in GroupPlan.eventYears.enumerated() {
            if index < national {
                let day = CalendarDay.day(year: year, month: 9, day: 15) + rng.below(46)
                let group = addGroup(Group(
                    id: "event-\(year)-q-community-event", name: "Q Community Event \(year)", kind: .event,
                    description: "The annual gathering of the Q community.",
                    keywords: ["community event", "networking", "shared learning"]), start: day)
                let joined = Int(population.joinedBy[day])
                if joined > 0 {
                    choose(min(nationalSize, max(1, joined / 2)), into: group) { $0.rng.below(joined) }
                    meet(day: day)
                }
            }
            for region in regionsByWeight.prefix(regionalPerYear) {
                let info = Taxonomy.regions[region]
                let day = CalendarDay.day(year: year, month: 2, day: 1) + rng.below(240)
                let group = addGroup(Group(
                    id: "event-\(year)-\(info.slug)-meetup", name: "Q \(info.name) meet-up \(year)", kind: .event,
                    description: "A regional meet-up for Q members in \(info.name).",
                    keywords: ["regional network", "networking", info.name.lowercased()]), start: day)
                let joined = Int(population.joinedBy[day])
                let available = lists.byRegion.prefixCount(region, below: joined)
                guard available > 0 else { continue }
                choose(min(regionalSize, max(1, available / 2)), into: group) { builder in
                    let position = builder.rng.below(available)
                    return Int(builder.lists.byRegion[region, position])
                }
                meet(day: day)
            }
        }
    }

    // MARK: Helpers

    @discardableResult
    private mutating func addGroup(_ group: Group, start: Int) -> Int {
        groups.append(group)
        startDay.append(Int32(start))
        return groups.count - 1
    }

    private mutating func join(_ member: Int, _ group: Int) {
        mark[member] = Int32(group)
        membershipMember.append(Int32(member))
        membershipGroup.append(Int32(group))
    }

    /// Fills ``chosen`` with up to `size` distinct members drawn by `draw`, lurkers mostly declining, and adds
    /// them to `group`.
    private mutating func choose(_ size: Int, into group: Int, draw: (inout GroupBuilder) -> Int) {
        chosen = []
        for _ in 0..<(size * 20) where chosen.count < size {
            let member = draw(&self)
            guard mark[member] != Int32(group) else { continue }
            if population.flags[member].contains(.lurker), rng.chance(0.8) { continue }
            join(member, group)
            chosen.append(member)
        }
    }

    /// Ties among ``chosen`` on `day`: each picks someone who shares a theme, if a few tries find one.
    private mutating func meet(day: Int) {
        guard chosen.count >= 2 else { return }
        for _ in 0..<(chosen.count * 3 / 5) {
            let a = rng.element(of: chosen)
            var b = rng.element(of: chosen)
            for _ in 0..<4 where b == a || !population.sharesTheme(a, b) { b = rng.element(of: chosen) }
            if a != b { schedule(a, b, .event, day: day) }
        }
    }

    private mutating func schedule(_ a: Int, _ b: Int, _ kind: TieKind, day: Int) {
        tieDay.append(Int32(min(day, Population.lastTieDay)))
        tieA.append(Int32(a))
        tieB.append(Int32(b))
        tieKind.append(kind)
    }

    private func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
