import Hummingbird
import QProfiles
import Synchronization

/// Encoded answers kept for reuse: a key names the write sequence it was computed at, so that any write
/// through the server (which advances the sequence) retires every earlier entry at once. An entry older than
/// `lifetime` (about: each gets its own, within ±20 %, so that entries made together do not expire together)
/// is stale: it may still be served once while one caller refreshes it, and is dropped at twice its lifetime.
/// This bounds how long a rebuilt index or a change made outside the server (an import) can go unseen.
/// Whoever uses an entry first re-checks that every member it names may still be shown.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        let body: ByteBuffer
        /// The members the answer names (the asker first).
        let ids: [MemberID]
        /// When it turns stale.
        let staleAt: ContinuousClock.Instant
        /// When it is dropped.
        let expiresAt: ContinuousClock.Instant
    }

    let capacity: Int
    let lifetime: Duration
    private let entries = Mutex<[String: Entry]>([:])
    private let refreshing = Mutex<Set<String>>([])

    /// - Parameter capacity: the most entries kept (0: no caching).
    init(capacity: Int, lifetime: Duration) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    var isEnabled: Bool { capacity > 0 }

    /// The entry for `key` until it expires, and whether it is stale.
    func entry(_ key: String, now: ContinuousClock.Instant = .now) -> (entry: Entry, isStale: Bool)? {
        guard isEnabled else { return nil }
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard now < entry.expiresAt else {
                entries[key] = nil
                return nil
            }
            return (entry, now >= entry.staleAt)
        }
    }

    /// An entry for `body` naming `ids`, made now.
    func entry(body: ByteBuffer, ids: [MemberID], now: ContinuousClock.Instant = .now) -> Entry {
        let life = lifetime * Double.random(in: 0.8...1.2)
        return Entry(body: body, ids: ids, staleAt: now + life, expiresAt: now + life * 2)
    }

    /// Keeps `entry`; when full, first drops every entry of an older view and every expired one, or else all.
    func store(_ key: String, _ entry: Entry, view prefix: String) {
        guard isEnabled else { return }
        entries.withLock { entries in
            if entries.count >= capacity {
                let now = ContinuousClock.now
                entries = entries.filter { $0.key.hasPrefix(prefix) && now < $0.value.expiresAt }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = entry
        }
    }

    /// Claims the refresh of `key`; false when someone else is refreshing it.
    func beginRefresh(_ key: String) -> Bool { refreshing.withLock { $0.insert(key).inserted } }

    func endRefresh(_ key: String) { _ = refreshing.withLock { $0.remove(key) } }

    /// Forgets `key` (an entry found stale).
    func remove(_ key: String) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }
}
