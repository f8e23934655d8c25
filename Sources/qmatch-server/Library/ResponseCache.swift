import DequeModule
import Hummingbird
import QProfiles
import Synchronization

/// Encoded answers kept for reuse, bounded in bytes (and in entries), least recently used dropped first.
///
/// A write retires only the answers it can change (``Retirement``): each kept answer lists every member it
/// names or counts, the asker first, and an index from member to answers finds them. An answer computed
/// while a write that touches it was made is not kept (``ticket()`` / ``store(_:_:ticket:)``).
///
/// An entry older than `lifetime` (about: each gets its own, within ±20 %, so that entries made together do
/// not expire together) is stale: it may still be served once while one caller refreshes it, and is dropped
/// at twice its lifetime. This bounds how long a rebuilt index or a change made outside the server (an
/// import) can go unseen; whoever uses an entry first re-checks that every member it lists may still be shown.
final class ResponseCache: Sendable {
    /// What a write can change, and so which kept answers it retires.
    enum Retirement: Sendable, Equatable {
        /// Every kept answer (a write whose reach is not known).
        case everything
        /// None (a rebuild: the answers of the previous snapshot turn stale with their lifetime, so that a swap
        /// does not leave every answer to compute at once).
        case nothing
        /// The answers asked by `member` (their dismissal or feedback).
        case askedBy(MemberID)
        /// The answers that name or count `member`, and their own (an edit, opt-out or erasure).
        case involving(MemberID)
        /// The answers asked by either member (a new connection between them).
        case askedByEither(MemberID, MemberID)

        func retires(_ ids: [MemberID]) -> Bool {
            switch self {
            case .everything: true
            case .nothing: false
            case .askedBy(let member): ids.first == member
            case .involving(let member): ids.contains(member)
            case .askedByEither(let a, let b): ids.first == a || ids.first == b
            }
        }
    }

    struct Entry: Sendable {
        let body: ByteBuffer
        /// The members the answer names or counts (the asker first).
        let ids: [MemberID]
        /// When it turns stale.
        let staleAt: ContinuousClock.Instant
        /// When it is dropped.
        let expiresAt: ContinuousClock.Instant

        /// What keeping it costs: the body, the key, the ids and the bookkeeping around them.
        func cost(key: String) -> Int {
            body.readableBytes + key.utf8.count + ids.reduce(0) { $0 + $1.utf8.count + 48 } + 160
        }
    }

    /// The retirements remembered to decide whether an answer computed meanwhile may be kept.
    static let retirementLog = 4_096

    private struct Kept {
        var entry: Entry
        var cost: Int
        var lastUse: UInt64
    }

    private struct Storage {
        var kept: [String: Kept] = [:]
        var byMember: [MemberID: Set<String>] = [:]
        var bytes = 0
        var clock: UInt64 = 0
        /// The number of retirements so far; the log holds the newest of them, numbered.
        var generation: UInt64 = 0
        var log: Deque<(generation: UInt64, retirement: Retirement)> = []

        mutating func remove(_ key: String) {
            guard let old = kept.removeValue(forKey: key) else { return }
            bytes -= old.cost
            for id in Set(old.entry.ids) {
                byMember[id]?.remove(key)
                if byMember[id]?.isEmpty == true { byMember[id] = nil }
            }
        }

        mutating func insert(_ key: String, _ entry: Entry, cost: Int) {
            remove(key)
            clock += 1
            kept[key] = Kept(entry: entry, cost: cost, lastUse: clock)
            bytes += cost
            for id in Set(entry.ids) { byMember[id, default: []].insert(key) }
        }
    }

    let maximumBytes: Int
    let maximumEntries: Int
    let lifetime: Duration
    private let storage = Mutex(Storage())
    private let refreshing = Mutex<Set<String>>([])

    /// - Parameters:
    ///   - bytes: the most bytes kept, counting bodies, keys and bookkeeping (0: no caching).
    ///   - entries: the most entries kept (0: no caching).
    init(bytes: Int, entries: Int, lifetime: Duration) {
        maximumBytes = bytes
        maximumEntries = entries
        self.lifetime = lifetime
    }

    var isEnabled: Bool { maximumBytes > 0 && maximumEntries > 0 }

    /// Entries and bytes kept now.
    var usage: (entries: Int, bytes: Int) { storage.withLock { ($0.kept.count, $0.bytes) } }

    /// The entry for `key` until it expires, and whether it is stale.
    func entry(_ key: String, now: ContinuousClock.Instant = .now) -> (entry: Entry, isStale: Bool)? {
        guard isEnabled else { return nil }
        return storage.withLock { storage in
            guard var kept = storage.kept[key] else { return nil }
            guard now < kept.entry.expiresAt else {
                storage.remove(key)
                return nil
            }
            storage.clock += 1
            kept.lastUse = storage.clock
            storage.kept[key] = kept
            return (kept.entry, now >= kept.entry.staleAt)
        }
    }

    /// An entry for `body` naming or counting `ids` (the asker first), made now.
    func entry(body: ByteBuffer, ids: [MemberID], now: ContinuousClock.Instant = .now) -> Entry {
        let life = lifetime * Double.random(in: 0.8...1.2)
        return Entry(body: body, ids: ids, staleAt: now + life, expiresAt: now + life * 2)
    }

    /// Taken before computing an answer, and handed to ``store(_:_:ticket:)`` with it.
    func ticket() -> UInt64 { storage.withLock { $0.generation } }

    /// Keeps `entry` under `key`, unless a write since `ticket` retires it (the answer may predate the write),
    /// or it alone would take more than an eighth of the bytes. When full, drops expired entries, then the
    /// least recently used, down to three quarters of the bound.
    func store(_ key: String, _ entry: Entry, ticket: UInt64, now: ContinuousClock.Instant = .now) {
        guard isEnabled else { return }
        let cost = entry.cost(key: key)
        guard cost <= maximumBytes / 8 else { return }
        storage.withLock { storage in
            if storage.generation != ticket {
                // The log is numbered without gaps; when it no longer reaches back to the ticket, keep nothing.
                guard let oldest = storage.log.first?.generation, oldest <= ticket + 1 else { return }
                for item in storage.log where item.generation > ticket && item.retirement.retires(entry.ids) { return }
            }
            if storage.bytes + cost > maximumBytes || storage.kept.count >= maximumEntries {
                for (key, kept) in storage.kept where now >= kept.entry.expiresAt { storage.remove(key) }
            }
            if storage.bytes + cost > maximumBytes || storage.kept.count >= maximumEntries {
                let byAge = storage.kept.sorted { $0.value.lastUse < $1.value.lastUse }.map(\.key)
                var next = byAge.makeIterator()
                while storage.bytes + cost > maximumBytes * 3 / 4 || storage.kept.count >= maximumEntries * 3 / 4,
                      let oldest = next.next() {
                    storage.remove(oldest)
                }
            }
            storage.insert(key, entry, cost: cost)
        }
    }

    /// Drops the answers `retirement` can change, and remembers it for answers being computed now.
    func retire(_ retirement: Retirement) {
        guard retirement != .nothing else { return }
        storage.withLock { storage in
            storage.generation += 1
            storage.log.append((storage.generation, retirement))
            if storage.log.count > Self.retirementLog { storage.log.removeFirst() }
            switch retirement {
            case .everything:
                storage.kept.removeAll()
                storage.byMember.removeAll()
                storage.bytes = 0
            case .askedBy(let member), .involving(let member):
                for key in storage.byMember[member] ?? [] where
                    storage.kept[key].map({ retirement.retires($0.entry.ids) }) ?? false {
                    storage.remove(key)
                }
            case .nothing:
                break
            case .askedByEither(let a, let b):
                for member in [a, b] {
                    for key in storage.byMember[member] ?? [] where storage.kept[key]?.entry.ids.first == member {
                        storage.remove(key)
                    }
                }
            }
        }
    }

    /// Claims the refresh of `key`; false when someone else is refreshing it.
    func beginRefresh(_ key: String) -> Bool { refreshing.withLock { $0.insert(key).inserted } }

    func endRefresh(_ key: String) { _ = refreshing.withLock { $0.remove(key) } }

    /// Forgets `key` (an entry found to name someone who may no longer be shown).
    func remove(_ key: String) {
        storage.withLock { $0.remove(key) }
    }
}
