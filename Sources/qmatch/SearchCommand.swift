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
        let (store, matcher) = try await options.open()
        let neighbours = matcher.search(text, limit: result.limit)
        let candidates = try await store.members(neighbours.map { matcher.index.ids[$0.row] })
        let rows = neighbours.enumerated().compactMap { rank, neighbour -> ResultPrinter.Row? in
            guard let candidate = candidates[matcher.index.ids[neighbour.row]] else { return nil }
            return .init(rank: rank + 1, id: candidate.id, name: candidate.name, score: neighbour.score,
                         reasons: Reasons.matching(query: text, candidate: candidate, model: matcher.index.model))
        }
        try ResultPrinter(format: result.format).print(rows, header: ["query": text], whenEmpty: nil)
        if rows.isEmpty {
            let model = matcher.index.model
            let isKnown = !model.tfidf(Featurizer.terms(ofText: text, weights: model.weights)).isEmpty
            printError(isKnown ? "no member's profile matches these words"
                       : "the index has no terms from your query; run `qmatch build` if profiles changed since the last build")
        }
    }
}
