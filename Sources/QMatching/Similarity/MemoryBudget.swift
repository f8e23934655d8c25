import Foundation

/// How much memory a large job needs, checked against what the machine has before any work starts, so that
/// a job that cannot fit says so at once instead of being killed halfway.
public enum MemoryBudget {
    /// The memory available to a new allocation now: `QMATCH_MEMORY_AVAILABLE` (bytes) when set, for a
    /// container whose limit /proc does not show, and for tests; else `MemAvailable` of /proc/meminfo (Linux),
    /// else the physical memory.
    public static func available() -> Int {
        if let text = ProcessInfo.processInfo.environment["QMATCH_MEMORY_AVAILABLE"], let bytes = Int(text), bytes > 0 {
            return bytes
        }
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

    /// Bytes that `qmatch import` needs for input files of `fileBytes` in all: their rows parsed and checked in
    /// memory, then the transaction's page cache. Calibrated on measured peaks (generated communities,
    /// 2026-12-01): 100,000 members, 74 MB of files, 0.71 GiB (this says 0.80); 1,000,000 members, 723 MB,
    /// 5.18 GiB (this says 5.6).
    public static func importing(fileBytes: Int) -> Int {
        sum(product(fileBytes, 8), 256 << 20)
    }

    /// Bytes that `qmatch build` needs for `members` at `dimension`: every member's profile in memory, the
    /// vectors and their copies (half precision, the approximate index's list order), the graph and the
    /// ranking's training. Calibrated on the build of 1,000,000 generated members at dimension 256: 6.38 GiB
    /// (this says 6.8).
    public static func building(members: Int, dimension: Int) -> Int {
        sum(product(members, sum(product(dimension, 12), 4_000)), 256 << 20)
    }

    /// Bytes that `qmatch recommend --all` needs for `members`: the index and the view, every member's content
    /// candidates at once, the store's connections and feedback, and the ranking's scratches. Calibrated on
    /// the measured peak at 1,000,000 generated members: 5.59 GiB (this says 5.8).
    public static func recommendingAll(members: Int) -> Int {
        sum(product(members, 6_000), 256 << 20)
    }

    /// Bytes that `qmatch eval` needs for `members`: the community in memory, an index built from its known ties
    /// (with the ranking's training) and the rankings of the members evaluated. Calibrated on the measured peak at
    /// 1,000,000 generated members: 6.58 GiB (this says 6.8).
    public static func evaluating(members: Int) -> Int {
        sum(product(members, 7_000), 256 << 20)
    }

    private static func product(_ a: Int, _ b: Int) -> Int {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : result
    }

    private static func sum(_ a: Int, _ b: Int) -> Int { a > Int.max - b ? Int.max : a + b }

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
