import ArgumentParser
import Foundation
import QProfiles

struct FeedbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Record what a member did with a suggestion (dismiss, connected), or undo it.",
        discussion: """
            dismiss: the other member is never suggested to this member again. connected: records the tie \
            (an existing tie keeps its larger weight and earlier date). undo: removes this member's feedback \
            about the other member (a tie recorded by connected stays).
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The member.") var id: String
    @Argument(help: "The suggested member.") var other: String
    @Argument(help: "dismiss, connected or undo.") var action: String

    func validate() throws {
        guard ["dismiss", "connected", "undo"].contains(action) else {
            throw ValidationError("The action must be dismiss, connected or undo, not '\(action)'.")
        }
        guard id != other else { throw ValidationError("A member cannot give feedback on themselves.") }
    }

    func run() async throws {
        let profiles = try await store.openExisting()
        _ = try await profiles.existingMember(id)
        _ = try await profiles.visibleMember(other)
        switch action {
        case "undo":
            let removed = try await profiles.removeFeedback(member: id, other: other)
            print(removed == 0 ? "\(id) had given no feedback about \(other); nothing to undo"
                  : "removed \(id)'s feedback about \(other)")
        case "dismiss":
            try await profiles.recordFeedback(member: id, other: other, action: .dismiss)
            print("\(other) will not be suggested to \(id) again")
        default:
            try await profiles.recordFeedback(member: id, other: other, action: .connected)
            print("recorded the connection between \(id) and \(other)")
        }
    }
}
