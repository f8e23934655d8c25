import ArgumentParser
import Foundation
import QMatching
import QProfiles

struct RecommendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "People like me: ranked suggestions with reasons, for one member or for everyone (--all).",
        discussion: """
            Blends content similarity, graph proximity (two-hop scores, personalized PageRank) and complementary \
            intent (offers meeting needs, both ways), with the blend fitted at build time when the community's \
            history allowed it, then re-ranks for diversity and for ties across nations and sectors. Never \
            suggests the member, people already connected or dismissed, or anyone not discoverable or erased.
            """)

    @OptionGroup var options: IndexOptions
    @Argument(help: "The member's id (omit with --all).") var id: String?
    @Flag(help: "Recommend for every member (batch).") var all = false
    @Option(help: "How many suggestions (1...100).") var limit: Int = 10
    @Flag(help: "Add the score breakdown by signal.") var explain = false
    @Option(help: "Only members in this region (e.g. \"North West\"; any case).") var region: String?
    @Option(help: "Only members in this sector (e.g. \"social care\" or social-care).") var sector: String?
    @Option(help: "Only members with this role (e.g. \"patient leader\" or patient-leader).") var role: String?
    @Option(help: "Only members of this group (its id or name; see `qmatch groups`).") var group: String?
    // `.unconditional`: the next word is the value even when it starts with '-' (`--shard -1/2`), so that it
    // reaches `parseShard` and gets its message instead of the parser's "missing value".
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "With --all: this shard of the members, I/N (I in 1...N).",
        discussion: "Shard I is the I-th of N equal runs of the members in index order: the outputs of shards 1 to N, "
            + "concatenated, are exactly the output of one run (Kubernetes: I = JOB_COMPLETION_INDEX + 1)."))
    var shard: String?
    @Flag(help: "Use the default blend even when the index has a fitted one.") var defaultBlend = false
    @Option(help: "table, json, jsonl or csv (--all: jsonl).") var format: OutputFormat?

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be 1...100, not \(limit).") }
        if all, id != nil { throw ValidationError("Give a member id or --all, not both.") }
        if !all, id == nil { throw ValidationError("Give a member id, or --all for every member.") }
        if shard != nil, !all { throw ValidationError("--shard only applies with --all.") }
        if let shard { _ = try Self.parseShard(shard) }
        if all, let format, format != .jsonl { throw ValidationError("--all writes jsonl (one line per member).") }
    }

    static func parseShard(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, (1...n).contains(i) else {
            throw ValidationError("--shard must be I/N with 1 ≤ I ≤ N, e.g. 2/8, not '\(text)'.")
        }
        return (i, n)
    }

    /// The filters as typed, resolved to the values the store holds (`patient leader` → `patient-leader`).
    /// - Throws: a usage error naming an unknown value and listing the valid ones.
    func filters(in store: ProfileStore) async throws -> RecommendFilters {
        guard region != nil || sector != nil || role != nil || group != nil else { return RecommendFilters() }
        let values = try await store.fieldValues()
        func resolve(_ text: String?, _ field: String) throws -> String? {
            try text.map { text in try checkingUsage("--\(field)") { try values.value(text, of: field) } }
        }
        return RecommendFilters(region: try resolve(region, "region"), sector: try resolve(sector, "sector"),
                                role: try resolve(role, "role"),
                                group: try group.map { text in try checkingUsage("--group") { try values.group(text) } })
    }

    func run() async throws {
        if all {
            // Before the index is read: a run that cannot fit says so at once.
            let members = try await options.store.openExisting().memberCount()
            try MemoryBudget.check(MemoryBudget.recommendingAll(members: members),
                                   for: "recommend --all for \(members) members")
        }
        let (store, view) = try await options.open()
        let service = RecommendationService(store: store, view: view, useFittedBlend: !defaultBlend)
        let filters = try await filters(in: store)
        if all {
            try await runBatch(service, filters: filters)
            return
        }
        guard let id else { return }
        _ = try await store.existingMember(id)
        let result = try await service.recommend(for: id, limit: limit, filters: filters, explain: explain)
        switch format ?? .table {
        case .json: print(try jsonText(result))
        case .jsonl: print(try jsonText(result, pretty: false))
        case .csv:
            print("rank,id,name,score,reasons")
            for (rank, item) in result.recommendations.enumerated() {
                print([String(rank + 1), item.id, item.name, String(format: "%.4f", item.score),
                       item.reasons.joined(separator: "; ")].map(CSVText.field).joined(separator: ","))
            }
        case .table:
            print("Suggestions for \(id) (" + (result.blend == "learned" ? "learned ranking" : "\(result.blend) blend") + "):")
            if result.recommendations.isEmpty { print("(none)") }
            for (rank, item) in result.recommendations.enumerated() {
                print(String(format: "%2d. %@ (%@)  %.3f", rank + 1, item.name, item.id, item.score))
                for reason in item.reasons { print("      - \(reason)") }
                if let breakdown = item.breakdown {
                    print("      score: " + breakdown.map { String(format: "%@ %+.3f", $0.signal, $0.value) }
                        .joined(separator: ", "))
                }
            }
        }
    }

    func runBatch(_ service: RecommendationService, filters: RecommendFilters) async throws {
        let (shardIndex, shardCount) = try shard.map(Self.parseShard) ?? (1, 1)
        // Shard I of N is the I-th of N contiguous runs of the members, so that the shards' outputs, concatenated
        // in order, are exactly the lines of one run.
        let members = service.view.memberRows
        let rows = Array(members[(members.count * (shardIndex - 1) / shardCount)..<(members.count * shardIndex / shardCount)])
        let reporter = ProgressBox(label: "recommend --all")
        let output = FileHandle.standardOutput
        try await service.recommendAll(rows: rows, limit: limit, filters: filters, progress: reporter.stages) { lines, done in
            output.write(Data(lines.utf8))
            reporter.report(done: done, of: rows.count, stage: "ranking")
        }
        reporter.finish()
    }
}
