import Foundation
import ArgumentParser
import QMatching
import QProfiles

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Members whose profiles best match a free-text description.")

    @OptionGroup var options: IndexOptions
    @Argument(help: "What to look for, e.g. \"reducing inpatient falls\".") var text: String
    @OptionGroup var result: ResultOptions

    func validate() throws {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("Give some text to search for.")
        }
        guard text.count <= 2000 else { throw ValidationError("The search text is \(text.count) characters (at most 2000).") }
    }

    func run() async throws {
        let (store, view) = try await options.open()
        let search = SearchService(store: store, view: view)
        let found = try await search.search(text, limit: result.limit)
        if found.isEmpty { printError(search.whyNothing(text)) }
        try ResultPrinter(format: result.format).print(found.map {
            ResultPrinter.Row(rank: $0.rank, id: $0.id, name: $0.name, score: $0.score, reasons: $0.reasons)
        }, header: ["query": text], whenEmpty: nil)
    }
}
