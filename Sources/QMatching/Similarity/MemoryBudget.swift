import Foundation

/// How much memory a large job needs, checked against what the machine has before any work starts, so that
/// a job that cannot fit says so at once instead of being killed halfway.
public enum MemoryBudget {
    /// The memory available to a new allocation now: `MemAvailable` of /proc/meminfo (Linux), else the
    /// physical memory.
    public static func available() -> Int {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
                let fields = line.split(separator: " ")
                if fields.count >= 2, let kib = Int(fields[1]) { return kib * 1024 }
            }
        }
        return Int(clamping: ProcessInfo.processInfo.physicalMemory)
    }

    /// Bytes that `qmatch knn` needs for `rows × dimension` vectors and `k` neighbours a row: the vectors,
    /// `threads` heaps and the merged result (indices and scores, 8 bytes a neighbour), the outputs as
    /// written; with `approximate`, a second copy of the vectors (in list order) and the result in row order.
    /// Saturates instead of overflowing.
    public static func nearestNeighbours(rows: Int, dimension: Int, k: Int, threads: Int, approximate: Bool) -> Int {
        func product(_ values: Int...) -> Int {
            values.reduce(1) { total, value in
                let (result, overflow) = total.multipliedReportingOverflow(by: value)
                return overflow ? Int.max : result
            }
        }
        let vectors = product(rows, dimension, 4)
        let perNeighbour = product(rows, k, 8)
        let copies = threads + 3 + (approximate ? 1 : 0)
        let parts = [vectors, approximate ? vectors : 0, product(perNeighbour, copies)]
        return parts.reduce(0) { $0 > Int.max - $1 ? Int.max : $0 + $1 }
    }

    /// A readable size: `1.5 GiB`, `320 MiB`.
    public static func describe(_ bytes: Int) -> String {
        let gib = Double(bytes) / Double(1 << 30)
        return gib >= 1 ? String(format: "%.1f GiB", gib) : String(format: "%.0f MiB", Double(bytes) / Double(1 << 20))
    }

    /// Throws when `needed` bytes exceed what is available now.
    /// - Throws: ``MatchingError`` (invalid input) saying what was asked, how much it needs and how much there is.
    public static func check(_ needed: Int, for what: String, available: Int = available()) throws {
        guard needed > available else { return }
        throw MatchingError.invalidInput("\(what) needs about \(describe(needed)) of memory, and this machine has "
            + "\(describe(available)) available; nothing was done (use a machine with more memory, or split the input)")
    }
}
