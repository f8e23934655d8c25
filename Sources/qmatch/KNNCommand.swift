import ArgumentParser
import Foundation
import QLinearAlgebra
import QMatching

struct KNNCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knn",
        abstract: "Cosine top-k neighbours of every row of a .npy matrix (bring your own embeddings): exact, or approximate.",
        discussion: """
            Reads a float32, C-order, 2-D .npy (N × d); rows are L2-normalised internally and each row's own \
            index is excluded. Writes int32 indices and float32 cosine scores, both (N, K), best first, ties \
            broken by lower index. Where fewer than K neighbours exist (K ≥ N), the rest is padded with index -1 \
            and score -inf. A row containing NaN or ±Inf is invalid: it is never anyone's neighbour and its \
            own row is all padding. A zero row scores 0 with every row. N = 0 gives (0, K) outputs.

            With --approximate, the rows are split into about √N lists by spherical k-means (seeded, so runs \
            repeat) and each row's candidates are the rows of its own list and of the --probes lists nearest to \
            it; the scores are exact float32 cosines, but a neighbour in a list not probed is missed (recall@10 \
            against exact search is above 0.95 at the default probes on clustered data; more probes, more \
            recall, more time). Before anything is read, the memory the job needs is checked against what the \
            machine has.
            """)

    @Option(help: ArgumentHelp("The input vectors (.npy, float32, shape (N, d)).", valueName: "V.npy"))
    var vectors: String

    @Option(help: "Neighbours per row.") var k: Int

    @Option(help: ArgumentHelp("Where the int32 (N, K) indices go.", valueName: "I.npy")) var outIndices: String

    @Option(help: ArgumentHelp("Where the float32 (N, K) scores go.", valueName: "S.npy")) var outScores: String

    @Option(help: "Worker threads (each runs single-threaded BLAS on its own tiles).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Approximate search through an inverted file (much faster for large N; see below).")
    var approximate = false

    @Option(help: "With --approximate: the number of lists (default about √N).") var lists: Int?

    @Option(help: "With --approximate: how many nearby lists each list is searched against (1...4096).")
    var probes: Int = 8

    @Option(help: "With --approximate: the seed of the k-means sample.") var seed: UInt64 = 0x5EED_C1A5

    @Flag(help: "Print timings and the BLAS kernel to standard error.") var verbose = false


    func validate() throws {
        guard k >= 1, k <= 100_000 else { throw ValidationError("--k must be 1...100000, not \(k).") }
        guard (1...256).contains(threads) else { throw ValidationError("--threads must be 1...256, not \(threads).") }
        guard outIndices != outScores else { throw ValidationError("--out-indices and --out-scores must differ.") }
        guard (1...4096).contains(probes) else { throw ValidationError("--probes must be 1...4096, not \(probes).") }
        if let lists, !(1...1_000_000).contains(lists) {
            throw ValidationError("--lists must be 1...1000000, not \(lists).")
        }
        if !approximate, lists != nil { throw ValidationError("--lists only applies with --approximate.") }
    }

    func run() async throws {
        let started = Date()
        let shape = try NpyFile.shape(of: vectors)
        try MemoryBudget.check(
            MemoryBudget.nearestNeighbours(rows: shape.rows, dimension: shape.columns, k: k, threads: threads,
                                           approximate: approximate),
            for: "\(vectors): knn of (\(shape.rows), \(shape.columns)) float32 vectors with --k \(k)")
        let input = try NpyFile.readMatrix(vectors)
        let loaded = Date()
        let reporter = ProgressBox(label: "knn")
        let handler = reporter.fractions()
        let result: NearestNeighbours
        if approximate {
            let verbose = self.verbose
            result = VectorSet.approximateNeighbours(
                input, k: k, approximation: .init(lists: lists, probes: probes, seed: seed), threads: threads,
                trained: { index in
                    if verbose {
                        printError(String(format: "knn: trained %d lists in %.2fs", index.lists,
                                          Date().timeIntervalSince(loaded)))
                    }
                }, progress: handler)
        } else {
            result = VectorSet.nearestNeighbours(input, k: k, threads: threads, progress: handler)
        }
        reporter.finish()
        let searched = Date()
        try NpyFile.write(result.indices, rows: input.rows, columns: k, to: outIndices)
        try NpyFile.write(result.scores, rows: input.rows, columns: k, to: outScores)
        if verbose {
            let flops = 2.0 * Double(input.rows) * Double(input.rows) * Double(input.columns) / 2
            let seconds = searched.timeIntervalSince(loaded)
            printError(String(format: "knn: N=%d d=%d k=%d threads=%d kernel=%@%@ load %.2fs search %.2fs "
                + "(%.0f GFLOP/s effective on the half matrix) write %.2fs", input.rows, input.columns, k, threads,
                BLAS.coreName, approximate ? " approximate probes=\(probes)" : "", loaded.timeIntervalSince(started), seconds, flops / seconds / 1e9,
                Date().timeIntervalSince(searched)))
        }
    }
}
