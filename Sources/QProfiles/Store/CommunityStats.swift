import GRDB

/// The community at a glance: who is in it, its groups, and how connected it is.
public struct CommunityStats: Sendable, Codable {
    public struct Count: Sendable, Codable, Hashable {
        public let value: String
        public let count: Int
    }
    public struct GroupKindSummary: Sendable, Codable, Hashable {
        public let kind: String
        public let groups: Int
        public let medianSize: Int
        public let largest: Int
    }
    public struct DegreeSummary: Sendable, Codable, Hashable {
        public let isolated: Int
        public let mean: Double
        public let median: Int
        public let p90: Int
        public let max: Int
        /// Members per degree bucket: `0`, `1-2`, `3-5`, `6-10`, `11-20`, `21-50`, `51+`.
        public let histogram: [Count]
    }

    public let members: Int
    public let discoverable: Int
    public let byNation: [Count]
    public let bySector: [Count]
    public let byRole: [Count]
    public let groups: [GroupKindSummary]
    public let memberships: Int
    /// Distinct connected pairs (a pair tied by several kinds counts once).
    public let connectedPairs: Int
    public let connectionRows: Int
    public let byConnectionKind: [Count]
    public let degree: DegreeSummary
    /// Share of connected pairs whose members are in different nations (both known).
    public let crossNationShare: Double
    /// Share of connected pairs whose members are in different sectors (both known).
    public let crossSectorShare: Double
    /// Share of connected pairs that cross a nation or a sector boundary.
    public let crossNationOrSectorShare: Double
}

extension ProfileStore {
    /// Counts and distributions over the whole store (aggregates only: no member is named).
    /// - Complexity: O(members + connections).
    public func stats() async throws -> CommunityStats {
        try await read { db in
            var index: [String: Int] = [:]
            var nation: [String] = [], sector: [String] = []
            var nationCounts: [String: Int] = [:], sectorCounts: [String: Int] = [:], roleCounts: [String: Int] = [:]
            var discoverable = 0
            var attributeNation: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT member_id, value FROM member_attribute WHERE name = 'nation'") {
                attributeNation[row[0]] = row[1]
            }
            let cursor = try Row.fetchCursor(db, sql: "SELECT id, region, sector, role, discoverable FROM member")
            while let row = try cursor.next() {
                let id: String = row[0]
                index[id] = nation.count
                let memberNation = attributeNation[id] ?? Geography.nation(ofRegion: row[1])
                nation.append(memberNation)
                sector.append(row[2])
                nationCounts[memberNation.isEmpty ? "(unknown)" : memberNation, default: 0] += 1
                let s: String = row[2], r: String = row[3]
                sectorCounts[s.isEmpty ? "(unknown)" : s, default: 0] += 1
                roleCounts[r.isEmpty ? "(unknown)" : r, default: 0] += 1
                if row[4] as Bool { discoverable += 1 }
            }
            var degree = [Int](repeating: 0, count: nation.count)
            var pairs = 0, crossNation = 0, crossSector = 0, crossEither = 0, nationKnown = 0, sectorKnown = 0
            var rows = 0
            var kindCounts: [String: Int] = [:]
            var previous: (String, String)? = nil
            let connections = try Row.fetchCursor(db, sql: "SELECT source, target, kind FROM connection ORDER BY source, target")
            while let row = try connections.next() {
                rows += 1
                kindCounts[row[2], default: 0] += 1
                let pair = (row[0] as String, row[1] as String)
                if let previous, previous == pair { continue }
                previous = pair
                guard let a = index[pair.0], let b = index[pair.1] else { continue }
                pairs += 1
                degree[a] += 1
                degree[b] += 1
                var crosses = false
                if !nation[a].isEmpty, !nation[b].isEmpty {
                    nationKnown += 1
                    if nation[a] != nation[b] { crossNation += 1; crosses = true }
                }
                if !sector[a].isEmpty, !sector[b].isEmpty {
                    sectorKnown += 1
                    if sector[a] != sector[b] { crossSector += 1; crosses = true }
                }
                if crosses { crossEither += 1 }
            }
            var groupSizes: [String: [Int]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT g.kind, count(m.member_id) FROM member_group g LEFT JOIN membership m ON m.group_id = g.id
                GROUP BY g.id
                """) {
                groupSizes[row[0], default: []].append(row[1])
            }
            let memberships = try Int.fetchOne(db, sql: "SELECT count(*) FROM membership") ?? 0
            return CommunityStats(
                members: nation.count, discoverable: discoverable,
                byNation: Self.ranked(nationCounts), bySector: Self.ranked(sectorCounts), byRole: Self.ranked(roleCounts),
                groups: groupSizes.keys.sorted().map { kind in
                    let sizes = groupSizes[kind]!.sorted()
                    return .init(kind: kind, groups: sizes.count, medianSize: sizes[sizes.count / 2],
                                 largest: sizes.last ?? 0)
                },
                memberships: memberships, connectedPairs: pairs, connectionRows: rows,
                byConnectionKind: Self.ranked(kindCounts), degree: Self.summarize(degree),
                crossNationShare: nationKnown == 0 ? 0 : Double(crossNation) / Double(nationKnown),
                crossSectorShare: sectorKnown == 0 ? 0 : Double(crossSector) / Double(sectorKnown),
                crossNationOrSectorShare: pairs == 0 ? 0 : Double(crossEither) / Double(pairs)
            )
        }
    }

    static func ranked(_ counts: [String: Int]) -> [CommunityStats.Count] {
        counts.map { CommunityStats.Count(value: $0.key, count: $0.value) }
            .sorted { ($1.count, $0.value) < ($0.count, $1.value) }
    }

    static func summarize(_ degree: [Int]) -> CommunityStats.DegreeSummary {
        let sorted = degree.sorted()
        let buckets: [(String, ClosedRange<Int>)] = [
            ("0", 0...0), ("1-2", 1...2), ("3-5", 3...5), ("6-10", 6...10), ("11-20", 11...20), ("21-50", 21...50),
            ("51+", 51...Int.max),
        ]
        let histogram = buckets.map { label, range in
            CommunityStats.Count(value: label, count: degree.lazy.filter { range.contains($0) }.count)
        }
        guard !sorted.isEmpty else {
            return .init(isolated: 0, mean: 0, median: 0, p90: 0, max: 0, histogram: histogram)
        }
        return .init(
            isolated: histogram[0].count, mean: Double(sorted.reduce(0, +)) / Double(sorted.count),
            median: sorted[sorted.count / 2], p90: sorted[min(sorted.count - 1, sorted.count * 9 / 10)],
            max: sorted.last!, histogram: histogram)
    }
}
