import ArgumentParser
import Foundation
import QProfiles

struct RoundsRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record whether two members of one group met (met: the tie is recorded, kind coffee).")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The round's id.") var id: Int
    @Argument(help: "A member of the group.") var a: String
    @Argument(help: "Another member of the same group.") var b: String
    @Argument(help: "met or did-not-meet.") var outcome: String

    func validate() throws {
        guard ["met", "did-not-meet"].contains(outcome) else {
            throw ValidationError("The outcome must be met or did-not-meet, not '\(outcome)'.")
        }
        guard a != b else { throw ValidationError("Give two different members.") }
    }

    func run() async throws {
        let profiles = try await store.openExisting()
        _ = try await profiles.round(id)
        _ = try await profiles.visibleMember(a)
        _ = try await profiles.visibleMember(b)
        try await profiles.recordOutcome(round: id, a, b, met: outcome == "met")
        print(outcome == "met" ? "recorded: \(a) and \(b) met in round \(id) (a coffee tie; `qmatch build` adds it to the graph)"
              : "recorded: \(a) and \(b) did not meet in round \(id)")
    }
}
