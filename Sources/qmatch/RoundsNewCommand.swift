import ArgumentParser
import Foundation
import QMatching
import QProfiles

struct RoundsNewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Plan and store a new round; its id is the last line of the output.",
        discussion: """
            --weights-out writes every allowed pair the matching chose from: `a<TAB>b<TAB>weight`, weights to \
            6 decimals (the matching's resolution), so another solver can be run on the same graph.
            """)

    @OptionGroup var options: IndexOptions
    @Option(help: "The round's name, e.g. coffee-2026-01.") var name: String
    @Option(help: "The opt-in group (e.g. a programme group); its discoverable members take part.") var group: String?
    @Option(help: ArgumentHelp("A file of member ids, one a line ('#' comments allowed).", valueName: "file"))
    var members: String?
    @Option(help: "2 (pairs; one three for an odd count) or 3.") var size: Int = 2
    @Option(help: "No pair that met in the last N rounds (default: never again while any alternative exists).")
    var noRepeat: Int?
    @Option(help: "Favour pairs across these boundaries: nation, sector, role, region (comma-separated).")
    var mix: String?
    @Option(help: "Seed for the random candidate partners.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Write the allowed pairs and their weights here (TSV).", valueName: "file"))
    var weightsOut: String?
    @Option(help: "table or json.") var format: DocumentFormat = .table

    func validate() throws {
        guard (group == nil) != (members == nil) else { throw ValidationError("Give --group or --members (one of them).") }
        guard [2, 3].contains(size) else { throw ValidationError("--size must be 2 or 3, not \(size).") }
        if let noRepeat, !(0...1_000).contains(noRepeat) {
            throw ValidationError("--no-repeat must be 0...1000 rounds, not \(noRepeat).")
        }
        guard (1...200).contains(name.count) else { throw ValidationError("--name must be 1...200 characters.") }
        if let mix {
            do { _ = try MixField.list(mix) } catch let error as MatchingError {
                throw ValidationError("--mix: \(error.description).")
            }
        }
    }

    func run() async throws {
        let ids = try members.map(Self.readIDs)
        let (store, view) = try await options.open()
        let service = RoundService(store: store, view: view)
        let request = RoundRequest(name: name, group: group, members: ids, size: size, noRepeat: noRepeat,
                                   mix: try mix.map(MixField.list) ?? [], seed: seed)
        let round = try await service.create(request) { pairs in
            guard let weightsOut else { return }
            var text = "# a\tb\tweight (qmatch rounds new --name \(name))\n"
            for pair in pairs { text += "\(pair.a)\t\(pair.b)\t\(String(format: "%.6f", pair.weight))\n" }
            do { try text.write(toFile: weightsOut, atomically: true, encoding: .utf8) } catch {
                throw CommandFailure("\(weightsOut): cannot write (\(error.localizedDescription))")
            }
        }
        for item in round.unplaced { printError("not placed: \(item.id): \(item.reason)") }
        switch format {
        case .json: print(try jsonText(round))
        case .table: RoundsShowCommand.printTable(round)
        }
        print(round.id)
    }

    /// Member ids from a file, one a line; blank lines and `#` comments skipped.
    /// - Throws: a usage error for an unreadable file or a malformed id (`FILE:LINE: …`).
    static func readIDs(_ path: String) throws -> [MemberID] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("--members: cannot read '\(path)'")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw UsageError("--members: \(path) is not UTF-8 text") }
        var ids: [MemberID] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard (1...64).contains(line.count), line.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._:-".contains($0)) }) else {
                throw UsageError("\(path):\(number + 1): '\(line.prefix(70))' is not a member id (1-64 of A-Z a-z 0-9 . _ : -)")
            }
            ids.append(line)
        }
        guard !ids.isEmpty else { throw UsageError("--members: \(path) lists no member ids") }
        return ids
    }
}
