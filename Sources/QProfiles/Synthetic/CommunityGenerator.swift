import Foundation

/// What ``CommunityGenerator/write(to:format:progress:)`` wrote.
public struct GenerationSummary: Sendable, Hashable {
    public var members: Int
    public var groups: Int
    public var connections: Int
    /// Members with `discoverable` false.
    public var nonDiscoverable: Int
    /// Members with several profile fields left empty.
    public var thinProfiles: Int
    /// Members with no connection of any kind.
    public var isolatedMembers: Int
    /// The paths of the members, groups and connections files.
    public var files: [String]
}

/// A deterministic synthetic community shaped like Q: members with roles, sectors, regions and interests drawn
/// from a taxonomy of health and care improvement; special interest groups, Q Lab cohorts, Q Exchange ideas and
/// events; and ties that form over time through shared interests, places, groups and friends of friends.
///
/// The same `members`, `seed` and `groups` give byte-identical files on every run. Memory stays at a few tens of
/// bytes per member and tie: profiles are drawn and written one at a time.
public struct CommunityGenerator: Sendable {
    public let members: Int
    public let seed: UInt64
    /// The exact number of groups, or nil to scale with `members` (about 400 for 5,000 members, about 10,000 for
    /// a million).
    public let groups: Int?
    /// The rule the ties follow (``CommunityKind/q`` by default: the files are then those of earlier versions).
    public let kind: CommunityKind

    /// The largest community the generator makes.
    public static let maximumMembers = 50_000_000
    /// The extra columns written after ``Columns/member`` in the members file.
    public static let extraMemberColumns = ["nation"]

    /// The programme group of a community with scaled groups: members who opted into coffee rounds.
    public static let coffeeGroup = Group(
        id: "q-coffee", name: "Q coffee rounds", kind: .programme,
        description: "Members who opted in to be paired each month for a conversation with another member.",
        keywords: ["coffee", "conversation", "pairing"])

    public init(members: Int, seed: UInt64, groups: Int? = nil, kind: CommunityKind = .q) {
        self.members = members
        self.seed = seed
        self.groups = groups
        self.kind = kind
    }

    /// The extra columns of the members file for `kind`: ``extraMemberColumns``, and `unit` where members have one.
    public static func extraColumns(_ kind: CommunityKind) -> [String] {
        extraMemberColumns + (kind.hasUnits ? ["unit"] : [])
    }

    /// Writes `members.<ext>`, `groups.<ext>` and `connections.<ext>` into `directory` (created if missing).
    /// The files appear only once all three are complete.
    ///
    /// `progress`, when given, is called now and then with the work done so far, in members: it rises to
    /// `members` (the first half covers the ties, the second the profiles).
    /// - Throws: ``ProfileError`` when the sizes are out of range or a file cannot be written.
    /// - Complexity: O(members + ties × typical degree) time; O(members + ties) memory in small integers.
    public func write(to directory: String, format: DataFormat,
                      progress: ((Int) -> Void)? = nil) throws -> GenerationSummary {
        guard (1...Self.maximumMembers).contains(members) else {
            throw ProfileError.invalidInput("members: \(members) is out of range (expected 1...\(Self.maximumMembers))")
        }
        if let groups, groups < 0 {
            throw ProfileError.invalidInput("groups: \(groups) is out of range (expected 0 or more)")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ProfileError.io("\(directory): cannot create directory (\(error.localizedDescription))")
        }
        func path(_ name: String) -> String {
            URL(fileURLWithPath: directory).appendingPathComponent("\(name).\(format.fileExtension)").path
        }
        let memberPath = path("members")
        let groupPath = path("groups")
        let connectionPath = path("connections")
        let extraColumns = Self.extraColumns(kind)
        let memberWriter = try TableWriter(path: memberPath, format: format, columns: Columns.member + extraColumns)
        let groupWriter = try TableWriter(path: groupPath, format: format, columns: Columns.group)
        let connectionWriter = try TableWriter(path: connectionPath, format: format, columns: Columns.connection)

        let population = Population(count: members, seed: seed)
        let lists = MemberLists(population)
        let plan = GroupPlan(members: members, total: groups)
        let catalogue = GroupCatalogue(population: population, lists: lists, plan: plan, seed: seed)
        for group in catalogue.groups { try groupWriter.write(group.row) }
        // With groups scaled to the community (not an exact count): a coffee-rounds opt-in list, joined by
        // ``ProfileDrawer/programmeShare`` of members, so that `rounds new --group q-coffee` has a pool.
        let programme = groups == nil ? Self.coffeeGroup : nil
        if let programme { try groupWriter.write(programme.row) }

        let ids = MemberIDFormat(count: members)
        let days = (0...Population.lastTieDay).map(CalendarDay.string)
        let units = kind.hasUnits ? CommunityKind.units(count: members, seed: seed) : []
        var simulation = TieSimulation(population: population, lists: lists, catalogue: catalogue, seed: seed,
                                       kind: kind, units: units)
        var connections = 0
        try simulation.run(emit: { a, b, kind, day in
            let tie = Connection(ids.id(a), ids.id(b), kind: kind.name, weight: kind.weight, created: days[day])
            try connectionWriter.write(tie.row)
            connections += 1
        }, progress: { joined in progress?(joined / 2) })

        let drawer = ProfileDrawer(population: population, catalogue: catalogue, seed: seed, ids: ids,
                                   programme: programme?.id)
        var hidden = 0
        var thin = 0
        var isolated = 0
        for index in 0..<members {
            var member = drawer.member(index)
            if !units.isEmpty { member.attributes["unit"] = "u\(units[index])" }
            try memberWriter.write(member.row(extraColumns: extraColumns))
            let flags = population.flags[index]
            if flags.contains(.hidden) { hidden += 1 }
            if flags.contains(.thin) { thin += 1 }
            if simulation.degree(of: index) == 0 { isolated += 1 }
            if index % 8192 == 0 { progress?(members / 2 + index / 2) }
        }
        try groupWriter.finish()
        try connectionWriter.finish()
        try memberWriter.finish()
        progress?(members)
        return GenerationSummary(
            members: members, groups: catalogue.groups.count + (programme == nil ? 0 : 1), connections: connections, nonDiscoverable: hidden,
            thinProfiles: thin, isolatedMembers: isolated, files: [memberPath, groupPath, connectionPath])
    }
}
