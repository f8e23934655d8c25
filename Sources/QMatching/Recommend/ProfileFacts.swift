import QProfiles

/// Compact per-row facts for ranking, kept in the index: categorical codes (role, sector, region, nation,
/// extra attributes), and offers, needs and groups as code lists. Row `i` is the index's row `i`.
public struct ProfileFacts: Sendable {
    /// Code → text: `role=nurse`, `sector=acute`, `region=wales`, `nation=wales`, `attr:team=a`.
    public let categories: [String]
    /// Code → lower-cased topic text (offers and needs share it).
    public let topics: [String]
    /// Code → group id.
    public let groupIDs: [String]
    /// Per row: code of role, sector, region, nation (-1 when empty).
    public let role: [Int32], sector: [Int32], region: [Int32], nation: [Int32]
    /// Per row, CSR: extra attribute codes, offer topic codes, need topic codes, group codes.
    public let attributes: CSRList, offers: CSRList, needs: CSRList, groups: CSRList
    /// Per row, CSR: topic codes of the member's topics, and method codes (into `topics`, prefixed `method:`).
    public let interests: CSRList
    /// Members per group code.
    public let groupSizes: [Int32]

    public var rows: Int { role.count }

    /// Facts of `members` in row order.
    public init(_ members: [Member]) {
        var categoryCodes: [String: Int32] = [:], categories: [String] = []
        var topicCodes: [String: Int32] = [:], topics: [String] = []
        var groupCodes: [String: Int32] = [:], groupIDs: [String] = []
        func code(_ text: String, _ codes: inout [String: Int32], _ names: inout [String]) -> Int32 {
            if let known = codes[text] { return known }
            let new = Int32(names.count)
            codes[text] = new
            names.append(text)
            return new
        }
        func category(_ field: String, _ value: String) -> Int32 {
            value.isEmpty ? -1 : code(field + "=" + value.lowercased(), &categoryCodes, &categories)
        }
        var role: [Int32] = [], sector: [Int32] = [], region: [Int32] = [], nation: [Int32] = []
        var attributes = CSRList.Builder(), offers = CSRList.Builder(), needs = CSRList.Builder()
        var groups = CSRList.Builder(), interests = CSRList.Builder()
        var sizes: [Int32] = []
        for member in members {
            role.append(category("role", member.role))
            sector.append(category("sector", member.sector))
            region.append(category("region", member.region))
            nation.append(category("nation", Geography.nation(of: member)))
            attributes.append(member.attributes.keys.sorted().filter { $0 != "nation" }.map {
                category("attr:" + $0.lowercased(), member.attributes[$0] ?? "")
            }.filter { $0 >= 0 })
            offers.append(member.offers.map { code($0.lowercased(), &topicCodes, &topics) })
            interests.append(member.topics.map { code($0.lowercased(), &topicCodes, &topics) }
                + member.methods.map { code("method:" + $0.lowercased(), &topicCodes, &topics) })
            needs.append(member.needs.map { code($0.lowercased(), &topicCodes, &topics) })
            let memberGroups = member.groups.map { code($0, &groupCodes, &groupIDs) }
            for group in memberGroups {
                while sizes.count <= Int(group) { sizes.append(0) }
                sizes[Int(group)] += 1
            }
            groups.append(memberGroups)
        }
        self.init(categories: categories, topics: topics, groupIDs: groupIDs, role: role, sector: sector,
                  region: region, nation: nation, attributes: attributes.build(), offers: offers.build(),
                  needs: needs.build(), groups: groups.build(), interests: interests.build(), groupSizes: sizes)
    }

    init(categories: [String], topics: [String], groupIDs: [String], role: [Int32], sector: [Int32],
         region: [Int32], nation: [Int32], attributes: CSRList, offers: CSRList, needs: CSRList, groups: CSRList,
         interests: CSRList, groupSizes: [Int32]) {
        self.interests = interests
        self.categories = categories
        self.topics = topics
        self.groupIDs = groupIDs
        self.role = role
        self.sector = sector
        self.region = region
        self.nation = nation
        self.attributes = attributes
        self.offers = offers
        self.needs = needs
        self.groups = groups
        self.groupSizes = groupSizes
    }
}

/// Lists of Int32 per row in compressed form: row `r` is `values[offsets[r]..<offsets[r + 1]]`.
public struct CSRList: Sendable, Hashable {
    public let offsets: [Int32]
    public let values: [Int32]

    public init(offsets: [Int32], values: [Int32]) {
        self.offsets = offsets
        self.values = values
    }

    public subscript(row: Int) -> ArraySlice<Int32> { values[Int(offsets[row])..<Int(offsets[row + 1])] }

    struct Builder {
        var offsets: [Int32] = [0]
        var values: [Int32] = []
        mutating func append(_ list: [Int32]) {
            values += list
            offsets.append(Int32(values.count))
        }
        func build() -> CSRList { CSRList(offsets: offsets, values: values) }
    }
}
