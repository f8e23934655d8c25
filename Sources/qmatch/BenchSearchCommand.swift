import ArgumentParser
import Foundation
import QLinearAlgebra
import QMatching
import QProfiles

/// Search quality on the community's own challenges: each sampled member's challenge text is the query, and
/// the other discoverable members working on the same challenge are the relevant answers. NDCG@k of the
/// interest vectors alone beside the hybrid search (vectors fused with the store's full-text index).
struct BenchSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-search", abstract: "NDCG@k of search, vectors alone and hybrid (benchmarks).",
        shouldDisplay: false)

    @OptionGroup var options: IndexOptions
    @Option(help: "Queries (members sampled with a seed).") var queries: Int = 300
    @Option var k: Int = 10
    @Option var seed: UInt64 = 1

    func validate() throws {
        guard queries >= 1, (1...100).contains(k) else { throw ValidationError("--queries ≥ 1, --k 1...100.") }
    }

    func run() async throws {
        let (store, view) = try await options.open()
        let snapshot = try await store.snapshot()
        var sharing: [String: [MemberID]] = [:]
        for member in snapshot.members where member.discoverable && !member.challenge.isEmpty {
            sharing[member.challenge, default: []].append(member.id)
        }
        var askers = snapshot.members.filter { ($0.discoverable) && (sharing[$0.challenge]?.count ?? 0) > 1 }
        var generator = SeededGenerator(seed: seed)
        generator.shuffle(&askers)
        askers = Array(askers.prefix(queries))
        let search = SearchService(store: store, view: view)
        var vectorTotal = 0.0, hybridTotal = 0.0
        var vectorTime = 0.0, hybridTime = 0.0
        for asker in askers {
            let relevant = Set(sharing[asker.challenge] ?? []).subtracting([asker.id])
            var start = Date()
            let byVector = view.search(asker.challenge, limit: k + 1).map { view.id(of: $0.row) }
            vectorTime += Date().timeIntervalSince(start)
            start = Date()
            let hybrid = try await search.search(asker.challenge, limit: k + 1).map(\.id)
            hybridTime += Date().timeIntervalSince(start)
            vectorTotal += Self.ndcg(byVector.filter { $0 != asker.id }, relevant, k)
            hybridTotal += Self.ndcg(hybrid.filter { $0 != asker.id }, relevant, k)
        }
        let n = Double(max(askers.count, 1))
        print(String(format: "members=%d queries=%d k=%d ndcg_vectors=%.4f ndcg_hybrid=%.4f "
            + "vectors_ms=%.2f hybrid_ms=%.2f", view.rowCount, askers.count, k, vectorTotal / n, hybridTotal / n,
            1000 * vectorTime / n, 1000 * hybridTime / n))
    }

    /// Binary-relevance NDCG@k.
    static func ndcg(_ ranked: [MemberID], _ relevant: Set<MemberID>, _ k: Int) -> Double {
        var dcg = 0.0
        for (rank, id) in ranked.prefix(k).enumerated() where relevant.contains(id) { dcg += 1 / log2(Double(rank + 2)) }
        let ideal = (0..<min(k, relevant.count)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
        return ideal > 0 ? dcg / ideal : 0
    }
}
