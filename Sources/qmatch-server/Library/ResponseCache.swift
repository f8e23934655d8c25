import Hummingbird
import QProfiles
import Synchronization

/// Encoded answers kept for reuse: a key names the write sequence it was computed at, so that any write
/// through the server (which advances the sequence) retires every earlier entry at once. Entries expire after
/// `lifetime`, which bounds how long a rebuilt index or a change made outside the server (an import) can go
/// unseen; and whoever uses an entry first re-checks that every member it names may still be shown.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        let body: ByteBuffer
        /// The members the answer names (the asker first).
        let ids: [MemberID]
        let created: ContinuousClock.Instant
    }

    let capacity: Int
    let lifetime: Duration
    private let entries = Mutex<[String: Entry]>([:])

    /// - Parameter capacity: the most entries kept (0: no caching).
    init(capacity: Int, lifetime: Duration) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    var isEnabled: Bool { capacity > 0 }

    /// The entry for `key` while it is fresh.
    func entry(_ key: String, now: ContinuousClock.Instant = .now) -> Entry? {
        guard isEnabled else { return nil }
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard now - entry.created < lifetime else {
                entries[key] = nil
                return nil
            }
            return entry
        }
    }

    /// Keeps `entry`; when full, first drops every entry of an older view and every expired one, or else all.
    func store(_ key: String, _ entry: Entry, view prefix: String) {
        guard isEnabled else { return }
        entries.withLock { entries in
            if entries.count >= capacity {
                let now = ContinuousClock.now
                entries = entries.filter { $0.key.hasPrefix(prefix) && now - $0.value.created < lifetime }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = entry
        }
    }

    /// Forgets `key` (an entry found stale).
    func remove(_ key: String) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }
}
