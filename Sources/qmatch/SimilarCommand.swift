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
        let (store, current) = try await options.open()
        let member = try await store.existingMember(id)
        let view = current.row(of: id) == nil ? current.upserting(member) : current
        guard let row = view.row(of: id) else { throw ProfileError.notFound("no member '\(id)'") }
        let neighbours = view.similar(to: row, limit: result.limit)
        var names: [MemberID: String] = [:]
        for (other, person) in try await store.members(neighbours.map { view.id(of: $0.row) }) where person.discoverable {
            names[other] = person.name
        }
        let reasons = Reasons(view: view, groupNames: try await store.groupNames(), names: names)
        let rows = neighbours.filter { names[view.id(of: $0.row)] != nil }.enumerated().map { rank, neighbour in
            ResultPrinter.Row(rank: rank + 1, id: view.id(of: neighbour.row), name: names[view.id(of: neighbour.row)] ?? "",
                              score: neighbour.score, reasons: reasons.between(row, and: neighbour.row))
        }
        try ResultPrinter(format: result.format).print(rows, header: ["member": id])
    }
}
