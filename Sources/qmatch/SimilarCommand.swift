import ArgumentParser
import QMatching
import QProfiles

struct SimilarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar", abstract: "Members whose interests are most like a member's (content only).")

    @OptionGroup var options: IndexOptions
    @Argument(help: "The member's id.") var id: String
    @OptionGroup var result: ResultOptions

    func run() async throws {
        let (store, matcher) = try await options.open()
        let member = try await store.existingMember(id)
        let neighbours = matcher.similar(to: member, limit: result.limit)
        let candidates = try await store.members(neighbours.map { matcher.index.ids[$0.row] })
        let groupNames = try await store.groupNames()
        let rows = neighbours.enumerated().compactMap { rank, neighbour -> ResultPrinter.Row? in
            guard let candidate = candidates[matcher.index.ids[neighbour.row]] else { return nil }
            return .init(rank: rank + 1, id: candidate.id, name: candidate.name, score: neighbour.score,
                         reasons: Reasons.between(member, and: candidate, model: matcher.index.model,
                                                  groupNames: groupNames))
        }
        try ResultPrinter(format: result.format).print(rows, header: ["member": id])
    }
}
