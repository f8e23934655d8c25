import Foundation
import QMatching
import QProfiles

/// One loaded index and what is derived from it once: immutable, shared by every request that started while
/// it served.
struct Snapshot: Sendable {
    let index: MatchingIndex
    /// The file it was loaded from (nil: built in memory).
    let path: String?
    /// The file's size in bytes (0 in memory).
    let fileBytes: Int
    /// Counts the snapshots this process has served, from 1.
    let generation: Int
    /// The last write sequence number the build could have missed none of (see ``FoldedMembers``).
    let buildSequence: Int
    /// When the index was built (from the file), as seconds since 1970; nil when unreadable.
    let builtAt: Date?

    init(index: MatchingIndex, path: String?, generation: Int, buildSequence: Int) {
        self.index = index
        self.path = path
        fileBytes = path.flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int } ?? 0
        self.generation = generation
        self.buildSequence = buildSequence
        builtAt = ISO8601DateFormatter().date(from: index.builtAt)
    }
}
