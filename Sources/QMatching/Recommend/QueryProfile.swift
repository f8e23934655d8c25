import QProfiles

/// What ranking needs to know about the member asking: their categories, offers, needs and groups, as text
/// (so a member who joined after the build works too).
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

    /// The profile of a member as given (lower-cased like the index's facts).
    public init(_ member: Member) {
        func category(_ field: String, _ value: String) -> String? {
            value.isEmpty ? nil : field + "=" + value.lowercased()
        }
        role = category("role", member.role)
        sector = category("sector", member.sector)
        region = category("region", member.region)
        nation = category("nation", Geography.nation(of: member))
        attributes = member.attributes.keys.sorted().filter { $0 != "nation" }.compactMap {
            category("attr:" + $0.lowercased(), member.attributes[$0] ?? "")
        }
        offers = Set(member.offers.map { $0.lowercased() })
        needs = Set(member.needs.map { $0.lowercased() })
        groups = Set(member.groups)
        interests = Set(member.topics.map { $0.lowercased() } + member.methods.map { "method:" + $0.lowercased() })
    }

    /// The profile of index row `row`.
    public init(row: Int, facts: ProfileFacts) {
        func text(_ code: Int32) -> String? { code < 0 ? nil : facts.categories[Int(code)] }
        role = text(facts.role[row])
        sector = text(facts.sector[row])
        region = text(facts.region[row])
        nation = text(facts.nation[row])
        attributes = facts.attributes[row].map { facts.categories[Int($0)] }
        offers = Set(facts.offers[row].map { facts.topics[Int($0)] })
        needs = Set(facts.needs[row].map { facts.topics[Int($0)] })
        groups = Set(facts.groups[row].map { facts.groupIDs[Int($0)] })
        interests = Set(facts.interests[row].map { facts.topics[Int($0)] })
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
