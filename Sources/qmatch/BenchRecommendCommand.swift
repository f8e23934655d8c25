import ArgumentParser
import Foundation
import QLinearAlgebra
import QMatching

/// In-process latency of `recommend` for one member with the index loaded (benchmarks).
struct BenchRecommendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-recommend", abstract: "Median latency of recommend for one member (benchmarks).",
        shouldDisplay: false)

    @OptionGroup var options: IndexOptions
    @Option var queries: Int = 200
    @Option var limit: Int = 10

    func validate() throws { guard queries >= 1 else { throw ValidationError("--queries must be at least 1.") } }

    func run() async throws {
        let loadStart = Date()
        let (store, view) = try await options.open()
        let service = RecommendationService(store: store, view: view)
        let loaded = Date().timeIntervalSince(loadStart)
        let ids = view.index.ids
        var full: [Double] = [], ranking: [Double] = [], check: [Double] = []
        let scratch = RankingScratch(nodeCount: ids.count)
        for q in 0..<(queries + 5) {
            let row = (q * 7919) % ids.count
            var start = DispatchTime.now().uptimeNanoseconds
            let answer = try await service.recommend(for: ids[row], limit: limit)
            let a = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            // What the server's reuse of a kept answer costs: everyone it names or counts, re-checked in the store.
            let named = [ids[row]] + answer.recommendations.map(\.id) + answer.counted
            start = DispatchTime.now().uptimeNanoseconds
            _ = try await store.discoverable(among: named)
            if q >= 5 { check.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
            start = DispatchTime.now().uptimeNanoseconds
            _ = service.recommender.recommend(row: row, limit: limit, scratch: scratch)
            let b = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            if q >= 5 { full.append(a); ranking.append(b) }
        }
        full.sort(); ranking.sort(); check.sort()
        // With an approximate index: recall@limit of the suggestions against those of an exact content scan
        // (same blend, same view otherwise), over the same members.
        var annReport = ""
        if view.index.clusters != nil {
            let exact = Recommender(view: try await ServingView.current(index: view.index.withoutApproximateIndex(),
                                                                        store: store))
            var found = 0, total = 0
            for q in 0..<queries {
                let row = (q * 7919) % ids.count
                let truth = Set(exact.recommend(row: row, limit: limit, scratch: scratch).map(\.row))
                let got = service.recommender.recommend(row: row, limit: limit, scratch: scratch).map(\.row)
                found += got.filter { truth.contains($0) }.count
                total += truth.count
            }
            annReport = String(format: "; recall_vs_exact_content=%.4f", total == 0 ? 1 : Double(found) / Double(total))
        }
        print(String(format: "members=%d kernel=%@ blas_threads=%d load_s=%.2f queries=%d "
            + "recommend_median_ms=%.2f p90_ms=%.2f (with store lookups and reasons); ranking_only_median_ms=%.2f; "
            + "visibility_recheck_median_ms=%.3f%@",
            ids.count, BLAS.coreName, BLAS.threadCount, loaded, queries, full[full.count / 2],
            full[full.count * 9 / 10], ranking[ranking.count / 2], check[check.count / 2], annReport))
    }
}
