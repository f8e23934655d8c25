import QProfiles

/// What ranking needs to know about the member asking, as texts: their categories, offers, needs, groups and
/// interests (from their row of the serving view: ``ServingView/profile(_:)``).
public struct QueryProfile: Sendable {
    /// `role=…`, `sector=…`, `region=…`, `nation=…` (nil when empty).
    public var role: String?, sector: String?, region: String?, nation: String?
    /// `attr:NAME=value` texts.
    public var attributes: [String]
    public var offers: Set<String>
    public var needs: Set<String>
    public var groups: Set<String>
    /// Topics, and methods as `method:…`, lower-cased.
    public var interests: Set<String>

    public init(role: String?, sector: String?, region: String?, nation: String?, attributes: [String],
                offers: Set<String>, needs: Set<String>, groups: Set<String>, interests: Set<String>) {
        self.role = role
        self.sector = sector
        self.region = region
        self.nation = nation
        self.attributes = attributes
        self.offers = offers
        self.needs = needs
        self.groups = groups
        self.interests = interests
    }
}

/// Which candidates a request admits, beyond the rules that always hold (not the member, not connected,
/// not dismissed, discoverable and not erased).
public struct RecommendFilters: Sendable, Hashable {
    public var region: String?
    public var sector: String?
    public var role: String?
    public var group: String?

    public init(region: String? = nil, sector: String? = nil, role: String? = nil, group: String? = nil) {
        self.region = region
        self.sector = sector
        self.role = role
        self.group = group
    }

    public var isEmpty: Bool { region == nil && sector == nil && role == nil && group == nil }
}
