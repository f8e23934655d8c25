import QLinearAlgebra
/// Draws one member's profile (name, organisation, topics, methods, offers, needs, challenge, bio) from the
/// member's own stream, given the compact facts in ``Population``: members can be drawn one at a time, in any
/// order, and come out the same.
struct ProfileDrawer {
    private let population: Population
    private let catalogue: GroupCatalogue
    private let seed: UInt64
    private let ids: MemberIDFormat
    /// The programme group members may opt into (coffee rounds), or nil.
    private let programme: String?
    private let methodPopularity = WeightedChoice(zipf: Taxonomy.methods.count, quarters: 3)
    private let topicPopularity = WeightedChoice(zipf: 13, quarters: 3)
    private static let organisations = Taxonomy.organisations.map { nation in
        nation.map { sector in sector.map { TextTemplate($0, slots: ["P", "U"]) } }
    }
    private static let bioSlots = [
        "Role", "a role", "role", "org", "place", "t1", "t2", "method", "challenge", "offer", "year",
    ]
    private static let bios = Taxonomy.bios.map { TextTemplate($0, slots: bioSlots) }
    private static let patientLeaderBios = Taxonomy.patientLeaderBios.map { TextTemplate($0, slots: bioSlots) }

    init(population: Population, catalogue: GroupCatalogue, seed: UInt64, ids: MemberIDFormat,
         programme: String? = nil) {
        self.programme = programme
        self.population = population
        self.catalogue = catalogue
        self.seed = seed
        self.ids = ids
    }

    /// Share of members who opt into the programme group.
    static let programmeShare = 0.3

    /// The extra column the generator adds to `members`.
    static let extraColumns = ["nation"]

    func member(_ index: Int) -> Member {
        var rng = SeededGenerator(seed: seed, stream: 2, index: index)
        let flags = population.flags[index]
        let isThin = flags.contains(.thin)
        let nation = population.nation(of: index)
        let region = Taxonomy.regions[Int(population.region[index])]
        let role = Taxonomy.roles[Int(population.role[index])]
        let sector = Int(population.sector[index])
        let themes = population.themes(of: index).map { Taxonomy.themes[Int($0)] }

        let first = !Taxonomy.nationFirstNames[nation].isEmpty && rng.chance(0.5)
            ? rng.element(of: Taxonomy.nationFirstNames[nation]) : rng.element(of: Taxonomy.firstNames)
        let last = !Taxonomy.nationLastNames[nation].isEmpty && rng.chance(0.5)
            ? rng.element(of: Taxonomy.nationLastNames[nation]) : rng.element(of: Taxonomy.lastNames)
        let place = rng.element(of: region.places)
        var organisation = rng.element(of: Self.organisations[nation][sector])
            .render([place, rng.element(of: region.universities)])
        if isThin, rng.chance(0.4) { organisation = "" }

        // Topics: mostly from the main theme, the most common ones most often.
        var topics: [String] = []
        let topicCount = isThin ? 1 + rng.below(2) : 3 + rng.below(6)
        for _ in 0..<(topicCount * 4) where topics.count < topicCount {
            let r = rng.unit()
            let theme = r < 0.6 || themes.count == 1 ? themes[0] : r < 0.88 || themes.count == 2 ? themes[1] : themes[2]
            let topic = theme.topics[min(theme.topics.count - 1, topicPopularity.pick(&rng))]
            if !topics.contains(topic) { topics.append(topic) }
        }

        var methods: [String] = []
        let isSpecialist = role.slug == "improvement-specialist"
        let methodCount = isThin ? rng.below(2) : (isSpecialist ? 2 : 1) + rng.below(isSpecialist ? 4 : 3)
        for _ in 0..<(methodCount * 4) where methods.count < methodCount {
            let method = Taxonomy.methods[methodPopularity.pick(&rng)]
            if !methods.contains(method) { methods.append(method) }
        }

        var offers: [String] = []
        var needs: [String] = []
        if !isThin {
            let offerCount = rng.below(4)
            for _ in 0..<(offerCount * 4) where offers.count < offerCount {
                let r = rng.unit()
                let offer = r < 0.5 ? rng.element(of: role.offers)
                    : r < 0.75 && !methods.isEmpty ? rng.element(of: methods) : rng.element(of: Taxonomy.supportAreas)
                if !offers.contains(offer) { offers.append(offer) }
            }
            let needCount = rng.below(4)
            for _ in 0..<(needCount * 4) where needs.count < needCount {
                let need = rng.chance(0.5) ? rng.element(of: Taxonomy.supportAreas)
                    : rng.chance(0.5) ? rng.element(of: Taxonomy.methods) : rng.element(of: themes[0].topics)
                if !needs.contains(need) && !offers.contains(need) { needs.append(need) }
            }
        }

        var challenge = ""
        if !isThin || rng.chance(0.3) {
            let theme = themes.count > 1 && rng.chance(0.2) ? themes[1] : themes[0]
            challenge = rng.element(of: theme.challenges)
            if rng.chance(0.35) { challenge += " " + rng.element(of: Taxonomy.settings[sector]) }
        }

        var bio = ""
        if !isThin {
            let title = rng.element(of: role.titles)
            let template = rng.element(of: role.slug == "patient-leader" ? Self.patientLeaderBios : Self.bios)
            let secondTopic = topics.count > 1 ? topics[1] : themes[0].topics[0]
            let joinYear = CalendarDay.year(Int(population.joinDay[index]))
            let article = title.first.map { "aeiou".contains($0) } == true ? "an " : "a "
            bio = template.render([
                title.prefix(1).uppercased() + title.dropFirst(), article + title, title,
                organisation.isEmpty ? place : organisation, place, topics[0], secondTopic,
                methods.first ?? Taxonomy.methods[0], challenge.isEmpty ? themes[0].challenges[0] : challenge,
                offers.first ?? rng.element(of: role.offers), String(joinYear),
            ])
        }

        var groups = catalogue.memberGroups.list(index).map { catalogue.groups[Int($0)].id }
        // The coffee opt-in: a stream of its own, so that nothing else drawn changes.
        var optIn = SeededGenerator(seed: seed, stream: 0xC0FFEE, index: index)
        if let programme, optIn.chance(Self.programmeShare) { groups.append(programme) }
        return Member(
            id: ids.id(index), name: first + " " + last, role: role.slug, sector: Taxonomy.sectors[sector],
            region: region.name, organisation: organisation, topics: topics, methods: methods, offers: offers,
            needs: needs, groups: groups, challenge: challenge, bio: bio,
            joined: CalendarDay.string(Int(population.joinDay[index])), discoverable: !flags.contains(.hidden),
            attributes: ["nation": Taxonomy.nations[nation].name])
    }
}
