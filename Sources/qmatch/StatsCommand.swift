import ArgumentParser
import Foundation
import QMatching
import QPictures
import QProfiles

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "The community at a glance: who is in it, its groups, its connections.",
        discussion: """
            --svg DIR also writes the pictures the organisers' web pages show, one SVG file each: members by             nation, sector and role, degrees, connections per month, the share crossing a boundary, the community             map (needs the index: `qmatch build`), and with --eval the evaluation results per method.
            """)

    @OptionGroup var index: IndexOptions
    var store: StoreOptions { index.store }

    @Option(help: "table or json.") var format: DocumentFormat = .table

    @Option(help: ArgumentHelp("Write the pictures as SVG files into this folder.", valueName: "dir"))
    var svg: String?

    @Flag(help: "With --svg: also run the offline evaluation (a sample of 500 members) and draw it.")
    var eval = false

    func validate() throws {
        if eval && svg == nil { throw ValidationError("--eval draws a picture: it needs --svg DIR.") }
    }

    func run() async throws {
        let stats = try await store.openExisting().stats()
        if let svg { try await writePictures(stats, to: svg) }
        if format == .json {
            print(try jsonText(stats))
            return
        }
        print(Self.render(stats))
    }

    /// Writes every picture into `folder` (made if missing), one `NAME.svg` each, and lists them on stderr.
    func writePictures(_ stats: CommunityStats, to folder: String) async throws {
        let profiles = try await store.openExisting()
        let trend = try await profiles.connectionTrend()
        var map: CommunityMap?
        if FileManager.default.fileExists(atPath: index.resolvedIndexPath) {
            map = try CommunityMap.make(view: try await index.open().1)
        } else {
            printError("no index at \(index.resolvedIndexPath): the community map is left out (run `qmatch build`)")
        }
        var report: Evaluation.Report?
        if eval {
            let snapshot = try await profiles.snapshot()
            report = try Evaluation.run(members: snapshot.members, connections: snapshot.connections, mode: .temporal,
                                        fraction: 0.2, seed: 1, k: 10, maxQueries: 500)
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for picture in CommunityPictures.all(stats: stats, trend: trend, map: map, evaluation: report) {
                let path = (folder as NSString).appendingPathComponent(picture.name + ".svg")
                try Data((picture.svg + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                printError("wrote \(path)")
            }
        } catch {
            throw CommandFailure("--svg \(folder): cannot write there (\(error.localizedDescription))")
        }
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
