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
    @Option(help: "table, json, jsonl or csv (jsonl and csv: one recruit a line; unmet quotas on standard error).")
    var format: OutputFormat = .table

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
    }

    func run() async throws {
        let (store, view) = try await options.open()
        let service = RecruitService(store: store, view: view)
        let quotas = try await quotas(in: store)
        let result: RecruitList
        if let group {
            _ = try await store.group(group)
            result = try await service.recruits(forGroup: group, limit: limit, quotas: quotas)
        } else {
            let words = (keywords ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            result = try await service.recruits(forText: text ?? "", keywords: words, limit: limit, quotas: quotas)
        }
        switch format {
        case .json: print(try jsonText(result))
        case .jsonl, .csv:
            try ResultPrinter(format: format).print(result.recruits.enumerated().map { rank, item in
                .init(rank: rank + 1, id: item.id, name: item.name, score: item.score, reasons: item.reasons)
            }, header: [:])
            for outcome in result.quotas where !outcome.isMet { printError(Self.text(of: outcome)) }
        case .table: printTable(result)
        }
    }

    /// The quotas as typed, resolved to the fields and values the store holds.
    /// - Throws: a usage error naming an unknown field or value and listing the valid ones.
    func quotas(in store: ProfileStore) async throws -> [RecruitQuota] {
        let typed = try quota.map(RecruitQuota.init(parsing:))
        guard !typed.isEmpty else { return [] }
        let values = try await store.fieldValues()
        return try typed.map { quota in
            try checkingUsage("--quota \(quota)") {
                let field = try values.field(quota.field)
                return RecruitQuota(field: field, value: try values.value(quota.value, of: field), count: quota.count)
            }
        }
    }

    static func text(of outcome: QuotaOutcome) -> String {
        outcome.isMet ? "quota \(outcome.quota): met"
            : "quota \(outcome.quota): \(outcome.met) of \(outcome.wanted), not met: \(outcome.reason ?? "")"
    }

    func printTable(_ result: RecruitList) {
        print("Recruits for \(group.map { "group \($0)" } ?? "\"\(text ?? "")\""):")
        if result.recruits.isEmpty { print("(none)") }
        for (rank, item) in result.recruits.enumerated() {
            print(String(format: "%2d. %@ (%@)  %.3f", rank + 1, item.name, item.id, item.score))
            for reason in item.reasons { print("      - \(reason)") }
        }
        for outcome in result.quotas { print(Self.text(of: outcome)) }
    }
}
