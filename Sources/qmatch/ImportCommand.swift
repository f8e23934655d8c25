import ArgumentParser
import Foundation
import QMatching
import QProfiles

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate and load members, groups, connections and feedback (CSV or JSON Lines): all or nothing.",
        discussion: """
            Give a directory holding members.csv, groups.csv, connections.csv and feedback.csv (or .jsonl; any of \
            them), or the files one by one. Every row is checked; on any problem nothing is imported and each problem is printed as \
            FILE:LINE: column 'NAME': what is wrong (what was expected). Re-importing the same files changes \
            nothing: members and groups are upserted by id, connections by pair and kind, feedback by member, \
            other and action. A member row without discoverable keeps an existing member's visibility.
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: "A directory holding members, groups and connections files.")
    var directory: String?

    @Option(help: ArgumentHelp("A members file (.csv or .jsonl).", valueName: "file")) var members: String?
    @Option(help: ArgumentHelp("A groups file.", valueName: "file")) var groups: String?
    @Option(help: ArgumentHelp("A connections file.", valueName: "file")) var connections: String?
    @Option(help: ArgumentHelp("A feedback file.", valueName: "file")) var feedback: String?

    @Flag(help: "Import the valid rows and write the rejected ones, with reasons, to --rejects.")
    var skipInvalid = false

    @Option(help: ArgumentHelp("Where --skip-invalid writes rejected rows (CSV: file,line,reason,row).",
                               valueName: "file"))
    var rejects: String?

    func validate() throws {
        if directory != nil, members != nil || groups != nil || connections != nil || feedback != nil {
            throw ValidationError("Give a directory or --members/--groups/--connections/--feedback, not both.")
        }
        if directory == nil, members == nil, groups == nil, connections == nil, feedback == nil {
            throw ValidationError("Give a directory to import, or at least one of --members, --groups, --connections, "
                + "--feedback.")
        }
        if skipInvalid, rejects == nil {
            throw ValidationError("--skip-invalid needs --rejects FILE, where the rejected rows go.")
        }
        if rejects != nil, !skipInvalid {
            throw ValidationError("--rejects only applies with --skip-invalid.")
        }
    }

    func run() async throws {
        let sources = try directory.map { try ImportSources(directory: $0) }
            ?? ImportSources(members: members, groups: groups, connections: connections, feedback: feedback)
        // A community that cannot fit says so before anything is read or written.
        let fileBytes = [sources.members, sources.groups, sources.connections, sources.feedback].compactMap { $0 }
            .reduce(0) { total, path in
                total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
            }
        try MemoryBudget.check(MemoryBudget.importing(fileBytes: fileBytes),
                               for: "import of \(MemoryBudget.describe(fileBytes)) of files")
        let profileStore = try await store.openOrCreate()
        let started = Date()
        let progress = ProgressBox(label: "import")
        let report: ImportReport
        do {
            report = try await profileStore.importFiles(sources, skipInvalid: skipInvalid, progress: progress.stages)
            progress.finish()
        } catch {
            progress.finish()
            throw error
        }
        for warning in report.warnings { printError("warning: \(warning)") }
        if let rejects {
            try RejectsFile.write(report.rejections, to: rejects)
        }
        if report.members + report.groups + report.connections + report.feedback == 0, !report.rejections.isEmpty {
            throw CommandFailure("none of the \(report.rejections.count) rows read is valid: nothing imported "
                + "(each row and its reason are in \(rejects ?? "the rejects file"))")
        }
        var summary = "imported \(report.members) members, \(report.groups) groups, \(report.connections) connections, "
            + "\(report.feedback) feedback rows"
        if report.mergedConnections > 0 { summary += " (\(report.mergedConnections) repeated pairs merged)" }
        summary += " into \(store.displayName) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
        print(summary)
        if !report.rejections.isEmpty {
            print("rejected \(report.rejections.count) rows; see \(rejects ?? "the rejects file")")
        }
    }
}

enum RejectsFile {
    static func write(_ rejections: [Rejection], to path: String) throws {
        let writer = try TableWriter(path: path, format: .csv, columns: ["file", "line", "reason", "row"])
        for rejection in rejections {
            try writer.write([.text(rejection.file), .number(Double(rejection.line)), .text(rejection.reason),
                              .text(rejection.row)])
        }
        try writer.finish()
    }
}
