import ArgumentParser
import QProfiles

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write members, groups, connections and feedback files that import back into an identical store.")

    @OptionGroup var store: StoreOptions

    @Argument(help: "The directory to write (created if missing).")
    var directory: String

    @Option(help: "csv or jsonl.")
    var format: DataFormat = .csv

    func run() async throws {
        let counts = try await store.openExisting().export(to: directory, format: format)
        print("exported \(counts.members) members, \(counts.groups) groups, \(counts.connections) connections, "
            + "\(counts.feedback) feedback rows to \(directory)")
    }
}
