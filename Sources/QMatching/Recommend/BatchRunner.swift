import Foundation
import QLinearAlgebra

/// Maps rows to results on all cores, each worker with its own ranking scratch; results in input order.
enum BatchRunner {
    static func map(_ rows: [Int], nodeCount: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                    _ body: @Sendable (Int, RankingScratch) -> String) -> [String] {
        guard !rows.isEmpty else { return [] }
        let chunks = max(1, min(workers, rows.count))
        let results = UnsafeMutablePointer<String>.allocate(capacity: rows.count)
        results.initialize(repeating: "", count: rows.count)
        defer { results.deinitialize(count: rows.count); results.deallocate() }
        let shared = SharedPointer(results)
        Parallel.run(chunks: chunks) { chunk in
            let scratch = RankingScratch(nodeCount: nodeCount)
            for i in stride(from: chunk, to: rows.count, by: chunks) { shared[i] = body(rows[i], scratch) }
        }
        return Array(UnsafeBufferPointer(start: results, count: rows.count))
    }
}

/// One line of `recommend --all`: `{"member": ID, "recommendations": [{"id", "score", "reasons"}]}`.
enum BatchLine {
    struct Item: Encodable {
        let id: String
        let score: Float
        let reasons: [String]
    }

    struct Line: Encodable {
        let member: String
        let recommendations: [Item]
    }

    static func encode(member: String, items: [Item]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(Line(member: member, recommendations: items)) else { return "" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
