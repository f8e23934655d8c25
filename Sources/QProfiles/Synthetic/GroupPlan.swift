/// How many groups of each kind a community gets.
struct GroupPlan: Equatable {
    var sigs: Int
    var labs: Int
    var exchanges: Int
    var nationalEvents: Int
    var regionalEventsPerYear: Int

    static let sigLimit = Taxonomy.themes.count + Taxonomy.extraSIGs.count
    static let labYears = 2017...2025
    static let eventYears = 2015...2026
    static let exchangeYears = 2018...2026

    /// Scales with `members`; `total`, when given, is the exact number of groups.
    init(members: Int, total: Int?) {
        if let total {
            var rest = total
            sigs = min(Self.sigLimit, rest)
            rest -= sigs
            nationalEvents = min(Self.eventYears.count, rest)
            rest -= nationalEvents
            labs = min(Self.labYears.count, rest)
            rest -= labs
            exchanges = rest
            regionalEventsPerYear = 0
        } else {
            sigs = Self.sigLimit
            labs = Self.labYears.count * (1 + min(3, members / 250_000))
            exchanges = min(9_999, max(3, members / 15))
            nationalEvents = Self.eventYears.count
            regionalEventsPerYear = min(Taxonomy.regions.count, members / 20_000)
        }
    }

    var total: Int { sigs + labs + exchanges + nationalEvents + regionalEventsPerYear * Self.eventYears.count }
}
