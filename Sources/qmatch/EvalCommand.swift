import ArgumentParser
import Foundation
import QMatching
import QProfiles

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Offline evaluation on held-out connections, with the baselines beside the methods.",
        discussion: """
            Hides --fraction of the connected pairs (the newest by date with --holdout temporal, falling back \
            to a seeded random share when under 80% of pairs carry a date; or --holdout random), builds the \
            index, graph and fitted blend from the rest, recommends for every member with a hidden tie (or a \
            seeded sample of --max-members), and scores the hidden ties: recall, precision, NDCG and MRR at k; \
            coverage, cross-boundary share (nation or sector) and exposure Gini. Candidate recall is the share \
            of hidden ties that reach the candidate set at all. Rows: the baselines, the default and fitted \
            blends, and the learned ranking (gradient-boosted trees; the set-up line says whether the build \
            chose it over the blend).
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "connections (suggested people) or groups (groups to join: hides --fraction of memberships).")
    var target: String = "connections"
    @Option(help: "temporal or random.") var holdout: String = "temporal"
    @Option(help: "Share of connected pairs to hide (0.05...0.5).") var fraction: Double = 0.2
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Cut-off rank (1...100).") var k: Int = 10
    @Option(help: "Evaluate at most this many members (seeded sample).") var maxMembers: Int?
    @Option(help: "Dimension of the interest vectors.") var dimension: Int = 256
    @Option(help: "table, json, jsonl or csv (jsonl and csv: one method a line; the set-up on standard error).")
    var format: OutputFormat = .table

    func validate() throws {
        guard ["connections", "groups"].contains(target) else {
            throw ValidationError("--target must be connections or groups, not '\(target)'.")
        }
        guard HistorySplit.Mode(rawValue: holdout) != nil else {
            throw ValidationError("--holdout must be temporal or random, not '\(holdout)'.")
        }
        guard (0.05...0.5).contains(fraction) else { throw ValidationError("--fraction must be 0.05...0.5, not \(fraction).") }
        guard (1...100).contains(k) else { throw ValidationError("--k must be 1...100, not \(k).") }
        if let maxMembers, maxMembers < 1 { throw ValidationError("--max-members must be at least 1.") }
    }

    func run() async throws {
        let profiles = try await store.openExisting()
        let members = try await profiles.memberCount()
        try MemoryBudget.check(MemoryBudget.evaluating(members: members), for: "eval of \(members) members")
        let progress = ProgressBox(label: "eval")
        progress.report(nil, stage: "reading the store")
        let snapshot = try await profiles.snapshot()
        let started = Date()
        if target == "groups" {
            progress.finish()
            let report = try GroupEvaluation.run(members: snapshot.members, groups: snapshot.groups,
                                                 connections: snapshot.connections, fraction: fraction, seed: seed, k: k,
                                                 dimension: dimension)
            try printGroups(report, seconds: Date().timeIntervalSince(started))
            return
        }
        let report: Evaluation.Report
        do {
            report = try Evaluation.run(members: snapshot.members, connections: snapshot.connections,
                                        mode: HistorySplit.Mode(rawValue: holdout) ?? .temporal, fraction: fraction,
                                        seed: seed, k: k, maxQueries: maxMembers, dimension: dimension,
                                        progress: progress.stages)
            progress.finish()
        } catch {
            progress.finish()
            throw error
        }
        let setUp = "holdout \(report.holdout), \(Int(report.fraction * 100))% of pairs hidden (\(report.hiddenPairs)), "
            + "\(report.queries) members evaluated, k = \(report.k); blend: "
            + report.blend.replacingOccurrences(of: " blend, chosen by", with: ", chosen by") + "; learned ranking: "
            + report.ranker + "; candidate recall (hidden ties among the candidates) "
            + String(format: "%.4f, %.0f candidates per member; %.1f s", report.candidateRecall, report.candidates,
                     Date().timeIntervalSince(started))
        switch format {
        case .json: print(try jsonText(report))
        case .jsonl:
            printError(setUp)
            for row in report.rows { print(try jsonText(row, pretty: false)) }
        case .csv:
            printError(setUp)
            print(CSVText.row(["method", "recall", "precision", "ndcg", "mrr", "coverage", "crossBoundary", "exposureGini"]))
            for row in report.rows {
                print(CSVText.row([row.method] + [row.recall, row.precision, row.ndcg, row.mrr, row.coverage,
                                                  row.crossBoundary, row.exposureGini].map { "\($0)" }))
            }
        case .table:
            print(setUp)
            if !report.featureGains.isEmpty { print("learned ranking, share of split gain by feature: " + report.featureGains) }
            printTable(report)
        }
    }

    func printTable(_ report: Evaluation.Report) {
        print("method                  recall  precision   NDCG     MRR   coverage  cross-boundary  exposure Gini")
        for row in report.rows {
            print(row.method.padding(toLength: 22, withPad: " ", startingAt: 0)
                + String(format: "  %6.4f   %6.4f   %6.4f  %6.4f   %6.3f      %6.3f          %6.3f", row.recall,
                         row.precision, row.ndcg, row.mrr, row.coverage, row.crossBoundary, row.exposureGini))
        }
    }

    func printGroups(_ report: GroupEvaluation.Report, seconds: Double) throws {
        let setUp = "groups to join: \(Int(report.fraction * 100))% of sig, exchange and lab memberships hidden "
            + "(\(report.hiddenMemberships)), \(report.members) members evaluated, k = \(report.k); "
            + String(format: "%.1f s", seconds)
        switch format {
        case .json: print(try jsonText(report))
        case .jsonl:
            printError(setUp)
            for row in report.rows { print(try jsonText(row, pretty: false)) }
        case .csv:
            printError(setUp)
            print("method,ndcg,recall,hitRate")
            for row in report.rows { print(CSVText.row([row.method, "\(row.ndcg)", "\(row.recall)", "\(row.hitRate)"])) }
        case .table:
            print(setUp)
            print("method        NDCG    recall  hit rate")
            for row in report.rows {
                print(row.method.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + String(format: "  %6.4f  %6.4f  %6.4f", row.ndcg, row.recall, row.hitRate))
            }
        }
    }
}
