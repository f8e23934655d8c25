import Foundation
import GRDB

/// Connections made per month, and how many of them crossed a nation or sector boundary.
public struct ConnectionTrend: Sendable, Codable, Hashable {
    public struct Month: Sendable, Codable, Hashable {
        /// `YYYY-MM`.
        public let month: String
        /// Connected pairs first tied this month.
        public let connections: Int
        /// Of those, pairs whose members are in different nations or sectors (both known).
        public let crossing: Int

        public var crossingShare: Double { connections == 0 ? 0 : Double(crossing) / Double(connections) }
    }

    /// Oldest first; months without a new tie between the first and the last are included with zeros.
    public let months: [Month]
    /// Connected pairs with no date.
    public let undated: Int
}

extension ProfileStore {
    /// Connections per month (a pair counts once, in the month of its earliest dated tie), with the number
    /// crossing a nation or sector boundary (aggregates only: no member is named).
    /// - Complexity: O(members + connections).
    public func connectionTrend() async throws -> ConnectionTrend {
        try await read { db in
            var attributeNation: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT member_id, value FROM member_attribute WHERE name = 'nation'") {
                attributeNation[row[0]] = row[1]
            }
            var place: [String: (nation: String, sector: String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, region, sector FROM member") {
                let id: String = row[0]
                place[id] = (attributeNation[id] ?? Geography.nation(ofRegion: row[1]), row[2])
            }
            var counts: [String: (Int, Int)] = [:]
            var undated = 0
            let pairs = try Row.fetchCursor(db, sql: """
                SELECT source, target, min(created) FROM connection GROUP BY source, target
                """)
            while let row = try pairs.next() {
                guard let created: String = row[2], created.count >= 7 else { undated += 1; continue }
                let month = String(created.prefix(7))
                var crosses = false
                if let a = place[row[0]], let b = place[row[1]] {
                    crosses = (!a.nation.isEmpty && !b.nation.isEmpty && a.nation != b.nation)
                        || (!a.sector.isEmpty && !b.sector.isEmpty && a.sector != b.sector)
                }
                counts[month, default: (0, 0)].0 += 1
                if crosses { counts[month, default: (0, 0)].1 += 1 }
            }
            return ConnectionTrend(months: Self.filled(counts), undated: undated)
        }
    }

    /// Every month from the first to the last key, zeros where missing.
    static func filled(_ counts: [String: (Int, Int)]) -> [ConnectionTrend.Month] {
        let keys = counts.keys.sorted()
        guard let first = keys.first, let last = keys.last,
              var year = Int(first.prefix(4)), var month = Int(first.suffix(2)),
              let lastYear = Int(last.prefix(4)), let lastMonth = Int(last.suffix(2)),
              (year, month) <= (lastYear, lastMonth), lastYear - year < 200 else {
            return keys.map { .init(month: $0, connections: counts[$0]!.0, crossing: counts[$0]!.1) }
        }
        var months: [ConnectionTrend.Month] = []
        while (year, month) <= (lastYear, lastMonth) {
            let key = String(format: "%04d-%02d", year, month)
            let (connections, crossing) = counts[key] ?? (0, 0)
            months.append(.init(month: key, connections: connections, crossing: crossing))
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return months
    }
}
