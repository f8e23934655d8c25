import ArgumentParser
import Foundation
import QLinearAlgebra
import QMatching
import QProfiles

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Featurize every member and write the index snapshot (atomically: temporary file, then rename).")

    @OptionGroup var options: IndexOptions

    @Option(help: "Dimension of the interest vectors.") var dimension: Int = 256

    @Option(help: "Threads for featurizing and the content candidates (1...256).") var threads: Int = 2

    @Option(help: ArgumentHelp(
        "The approximate content index: auto (from \(MatchingIndex.ApproximateMode.automaticThreshold) members), on or off.",
        discussion: "It is stored in the index and used by similar, search, recommend and recommend --all; build "
            + "reports its recall@10 against exact search on a seeded sample of members.", valueName: "mode"))
    var ann: MatchingIndex.ApproximateMode = .auto

    enum ContentLists: String, ExpressibleByArgument, CaseIterable { case auto, on, off }

    @Option(help: ArgumentHelp(
        "Keep each member's 128 nearest members by content in the index, so that a member's queries read a list "
            + "instead of scanning every vector: auto (up to \(ContentNeighbours.maximumRows) members), on, off.",
        valueName: "auto|on|off"))
    var contentLists: ContentLists = .auto

    @Option(name: .customLong("weight"), help: ArgumentHelp(
        "A field weight, FIELD=VALUE (repeatable); fields: \(FieldWeights.names.joined(separator: ", ")).",
        valueName: "field=value"))
    var weightSettings: [String] = []

    func validate() throws {
        guard (1...4096).contains(dimension) else { throw ValidationError("--dimension must be 1...4096, not \(dimension).") }
        guard (1...256).contains(threads) else { throw ValidationError("--threads must be 1...256, not \(threads).") }
        _ = try weights()
    }

    func weights() throws -> FieldWeights {
        var weights = FieldWeights()
        for setting in weightSettings {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Float(parts[1]) else {
                throw ValidationError("--weight expects FIELD=NUMBER, not '\(setting)'.")
            }
            do { weights = try weights.setting(parts[0], to: value) } catch let error as ProfileError {
                throw ValidationError("--weight: \(error.description).")
            }
        }
        return weights
    }

    func run() async throws {
        let started = Date()
        let store = try await options.store.openExisting()
        let members = try await store.memberCount()
        try MemoryBudget.check(MemoryBudget.building(members: members, dimension: dimension),
                               for: "build of \(members) members at dimension \(dimension)")
        let lists: Bool? = switch contentLists { case .auto: nil; case .on: true; case .off: false }
        let progress = ProgressBox(label: "build")
        let index: MatchingIndex
        let path = options.resolvedIndexPath
        let built: Date
        do {
            index = try await MatchingIndex.build(from: store, dimension: dimension, weights: try weights(),
                                                  approximate: ann, threads: threads, contentLists: lists,
                                                  progress: progress.stages)
            built = Date()
            progress.report(nil, stage: "writing the index")
            try IndexFile.write(index, to: path)
            progress.finish()
        } catch {
            progress.finish()
            throw error
        }
        print("built the index of \(index.ids.count) members (\(index.model.terms.count) terms, dimension "
            + "\(dimension)) in \(String(format: "%.1f", built.timeIntervalSince(started))) s; wrote \(path)"
            + (index.ranker.map { "; learned ranking " + ($0.isPreferred ? "chosen" : "trained, blend kept") } ?? ""))
        if let clusters = index.clusters {
            let recall = clusters.recall.map { String(format: "%.3f", $0) } ?? "not measured"
            print("approximate content index: \(clusters.lists) lists, \(clusters.probes) probed per query; recall@10 "
                + "against exact search \(recall) on a seeded sample of up to 1,000 members")
        } else {
            print("content queries are exact (no approximate index: --ann \(ann.rawValue))")
        }
    }
}

extension MatchingIndex.ApproximateMode: ExpressibleByArgument {}
