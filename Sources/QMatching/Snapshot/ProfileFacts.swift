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
        var codes = FactCodes()
        let rows = FactRows(members, codes: &codes)
        self.init(categories: codes.categories, topics: codes.topics, groupIDs: codes.groupIDs, role: rows.role,
                  sector: rows.sector, region: rows.region, nation: rows.nation, attributes: rows.attributes.build(),
                  offers: rows.offers.build(), needs: rows.needs.build(), groups: rows.groups.build(),
                  interests: rows.interests.build(), groupSizes: rows.groupSizes(codes.groupIDs.count))
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

/// The code tables of categorical texts (`role=nurse`), topics (offers, needs and interests share them) and
/// group ids, with the reverse lookups: one per snapshot, extended by the rows added since.
public struct FactCodes: Sendable {
    public private(set) var categories: [String] = []
    public private(set) var topics: [String] = []
    public private(set) var groupIDs: [String] = []
    private var categoryCodes: [String: Int32] = [:]
    private var topicCodes: [String: Int32] = [:]
    private var groupCodes: [String: Int32] = [:]

    public init() {}

    /// The codes of an index's facts: its tables as they are (so that every code the rows hold stays in range,
    /// even in a file whose table repeats a text), with the first code of each text for lookups.
    public init(_ facts: ProfileFacts) {
        categories = facts.categories
        topics = facts.topics
        groupIDs = facts.groupIDs
        for (code, text) in categories.enumerated() where categoryCodes[text] == nil { categoryCodes[text] = Int32(code) }
        for (code, text) in topics.enumerated() where topicCodes[text] == nil { topicCodes[text] = Int32(code) }
        for (code, text) in groupIDs.enumerated() where groupCodes[text] == nil { groupCodes[text] = Int32(code) }
    }

    public func category(_ text: String) -> Int32? { categoryCodes[text] }
    public func topic(_ text: String) -> Int32? { topicCodes[text] }
    public func group(_ id: String) -> Int32? { groupCodes[id] }

    /// The code of `field=value` (lower-cased), added when new; -1 for an empty value.
    mutating func encodeCategory(_ field: String, _ value: String) -> Int32 {
        value.isEmpty ? -1 : Self.code(field + "=" + value.lowercased(), &categoryCodes, &categories)
    }
    mutating func encodeTopic(_ text: String) -> Int32 { Self.code(text, &topicCodes, &topics) }
    mutating func encodeGroup(_ id: String) -> Int32 { Self.code(id, &groupCodes, &groupIDs) }

    private static func code(_ text: String, _ codes: inout [String: Int32], _ names: inout [String]) -> Int32 {
        if let known = codes[text] { return known }
        let new = Int32(names.count)
        codes[text] = new
        names.append(text)
        return new
    }
}

/// The coded facts of some members, row by row (see ``ProfileFacts``).
struct FactRows {
    var role: [Int32] = [], sector: [Int32] = [], region: [Int32] = [], nation: [Int32] = []
    var attributes = CSRList.Builder(), offers = CSRList.Builder(), needs = CSRList.Builder()
    var groups = CSRList.Builder(), interests = CSRList.Builder()

    init(_ members: [Member], codes: inout FactCodes) {
        for member in members { append(member, codes: &codes) }
    }

    mutating func append(_ member: Member, codes: inout FactCodes) {
        role.append(codes.encodeCategory("role", member.role))
        sector.append(codes.encodeCategory("sector", member.sector))
        region.append(codes.encodeCategory("region", member.region))
        nation.append(codes.encodeCategory("nation", Geography.nation(of: member)))
        attributes.append(member.attributes.keys.sorted().filter { $0 != "nation" }.map {
            codes.encodeCategory("attr:" + $0.lowercased(), member.attributes[$0] ?? "")
        }.filter { $0 >= 0 })
        offers.append(member.offers.map { codes.encodeTopic($0.lowercased()) })
        interests.append(member.topics.map { codes.encodeTopic($0.lowercased()) }
            + member.methods.map { codes.encodeTopic("method:" + $0.lowercased()) })
        needs.append(member.needs.map { codes.encodeTopic($0.lowercased()) })
        groups.append(member.groups.map { codes.encodeGroup($0) })
    }

    /// Members per group code.
    func groupSizes(_ count: Int) -> [Int32] {
        var sizes = [Int32](repeating: 0, count: count)
        for group in groups.values { sizes[Int(group)] += 1 }
        return sizes
    }
}
