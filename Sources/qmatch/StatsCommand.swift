import ArgumentParser
import Foundation
import QProfiles

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "The community at a glance: who is in it, its groups, its connections.")

    @OptionGroup var store: StoreOptions

    @Option(help: "table or json.") var format: DocumentFormat = .table

    func run() async throws {
        let stats = try await store.openExisting().stats()
        if format == .json {
            print(try jsonText(stats))
            return
        }
        print(Self.render(stats))
    }

    static func render(_ stats: CommunityStats) -> String {
        var out = "Members: \(stats.members) (\(stats.discoverable) discoverable)\n"
        func block(_ title: String, _ counts: [CommunityStats.Count], of total: Int) {
            out += "\n\(title)\n"
            let width = counts.map(\.value.count).max() ?? 0
            for count in counts {
                let share = total == 0 ? 0 : Double(count.count) * 100 / Double(total)
                out += "  " + count.value.padding(toLength: width, withPad: " ", startingAt: 0)
                    + String(format: " %7d  %5.1f%%", count.count, share) + "\n"
            }
        }
        block("By nation", stats.byNation, of: stats.members)
        block("By sector", stats.bySector, of: stats.members)
        block("By role", stats.byRole, of: stats.members)
        out += "\nGroups (\(stats.memberships) memberships)\n"
        for group in stats.groups {
            out += "  \(group.kind.padding(toLength: 9, withPad: " ", startingAt: 0))"
                + String(format: " %5d groups, median size %d, largest %d", group.groups, group.medianSize,
                         group.largest) + "\n"
        }
        out += "\nConnections: \(stats.connectedPairs) connected pairs (\(stats.connectionRows) rows)\n"
        for kind in stats.byConnectionKind { out += "  \(kind.value): \(kind.count)\n" }
        out += String(format: "  cross a nation boundary: %.1f%%, a sector boundary: %.1f%%, either: %.1f%%\n",
                      stats.crossNationShare * 100, stats.crossSectorShare * 100, stats.crossNationOrSectorShare * 100)
        let degree = stats.degree
        out += String(format: "\nDegree: mean %.1f, median %d, p90 %d, max %d; %d members with no connection\n",
                      degree.mean, degree.median, degree.p90, degree.max, degree.isolated)
        let most = degree.histogram.map(\.count).max() ?? 1
        for bucket in degree.histogram {
            let bar = String(repeating: "#", count: most == 0 ? 0 : bucket.count * 40 / most)
            out += "  " + bucket.value.padding(toLength: 6, withPad: " ", startingAt: 0)
                + String(format: " %7d ", bucket.count) + bar + "\n"
        }
        return out
    }
}
