import ArgumentParser
import Foundation
import QMatching
import QProfiles

struct RecruitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recruit",
        abstract: "Recruits for a group (by fit and ties to its members), or from a free-text brief.",
        discussion: """
            Quotas (--quota FIELD=VALUE:N, FIELD one of region, nation, sector, role or an extra attribute \
            column) are met whenever they can be while the list stays as relevant as possible; the output says \
            which could not be met and why.
            """)

    @OptionGroup var options: IndexOptions
    @Option(help: "The group's id.") var group: String?
    @Option(help: "A description of the group being founded.") var text: String?
    @Option(help: "Keywords, separated by ';' (with --text).") var keywords: String?
    @Option(help: "How many (1...200).") var limit: Int = 10
    @Option(help: ArgumentHelp("FIELD=VALUE:N, e.g. region=Wales:2 (repeatable).", valueName: "quota"))
    var quota: [String] = []
    @Option(help: "table or json.") var format: OutputFormat = .table

    func validate() throws {
        guard (group == nil) != (text == nil) else { throw ValidationError("Give --group or --text (one of them).") }
        if let text, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--text is empty.")
        }
        guard (1...200).contains(limit) else { throw ValidationError("--limit must be 1...200, not \(limit).") }
        for item in quota {
            do { _ = try RecruitQuota(parsing: item) } catch let error as MatchingError {
                throw ValidationError("--quota: \(error.description).")
            }
        }
        guard format == .table || format == .json else { throw ValidationError("--format must be table or json.") }
    }

    func run() async throws {
        let (store, view) = try await options.open()
        let service = RecruitService(store: store, view: view)
        let quotas = try quota.map(RecruitQuota.init(parsing:))
        let result: RecruitList
        if let group {
            result = try await service.recruits(forGroup: group, limit: limit, quotas: quotas)
        } else {
            let words = (keywords ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            result = try await service.recruits(forText: text ?? "", keywords: words, limit: limit, quotas: quotas)
        }
        if format == .json {
            print(try jsonText(result))
            return
        }
        print("Recruits for \(group.map { "group \($0)" } ?? "\"\(text ?? "")\""):")
        if result.recruits.isEmpty { print("(none)") }
        for (rank, item) in result.recruits.enumerated() {
            print(String(format: "%2d. %@ (%@)  %.3f", rank + 1, item.name, item.id, item.score))
            for reason in item.reasons { print("      - \(reason)") }
        }
        for outcome in result.quotas {
            print(outcome.isMet ? "quota \(outcome.quota): met"
                  : "quota \(outcome.quota): \(outcome.met) of \(outcome.wanted), not met: \(outcome.reason ?? "")")
        }
    }
}
