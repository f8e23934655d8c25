import ArgumentParser
import Foundation
import QProfiles

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic Q-like community (members, groups, connections) to a directory.",
        discussion: "Deterministic: the same --members and --seed give byte-identical files.")

    @Option(help: "How many members.") var members: Int = 2_500
    @Option(help: "The random seed.") var seed: UInt64 = 1
    @Option(help: "The directory to write (created if missing).") var out: String
    @Option(help: "csv or jsonl.") var format: DataFormat = .csv
    @Option(help: ArgumentHelp("The rule the ties follow: q (themes, places, groups, friends of friends), classroom "
        + "(members of the same unit connect), ward (members of the same unit connect across roles) or online "
        + "(sparse ties to popular members and friends of friends).", valueName: "kind"))
    var kind: String = "q"

    func validate() throws {
        guard (1...50_000_000).contains(members) else {
            throw ValidationError("--members must be 1...50000000, not \(members).")
        }
        guard CommunityKind(rawValue: kind) != nil else {
            throw ValidationError("--kind must be one of \(CommunityKind.allCases.map(\.rawValue).joined(separator: ", ")), "
                + "not '\(kind)'.")
        }
    }

    func run() async throws {
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("\(out): cannot create the directory (\(error.localizedDescription))")
        }
        let progress = ProgressBox(label: "generating")
        let started = Date()
        let summary = try CommunityGenerator(members: members, seed: seed, kind: CommunityKind(rawValue: kind) ?? .q)
            .write(to: out, format: format) { progress.report(done: $0, of: members) }
        progress.finish()
        print("generated \(summary.members) members, \(summary.groups) groups, \(summary.connections) connections "
            + "in \(out) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
    }
}
