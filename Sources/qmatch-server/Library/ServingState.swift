import Synchronization

/// Holds the ``LiveView`` that requests read, and orders the writes that replace it.
///
/// Readers take the current view under a lock held only to copy a few references: they never wait for a
/// write or a rebuild. Writers (upserts, erasures, the swap at the end of a rebuild) run one at a time, in
/// the order they arrive, each computing the next view outside the lock and swapping it in.
final class ServingState: Sendable {
    private let box: Mutex<LiveView>
    private let queue = WriteQueue()
    /// Answers kept for reuse; each write retires those it can change.
    let cache: ResponseCache

    init(_ first: LiveView, cache: ResponseCache = ResponseCache(bytes: 0, entries: 0, lifetime: .seconds(60))) {
        box = Mutex(first)
        self.cache = cache
    }

    /// The view to answer a request from.
    var current: LiveView { box.withLock { $0 } }

    /// Runs `work` after every earlier write has finished, with the view it left; installs the view `work`
    /// returns (if any), then retires the kept answers the write can change, and hands back its result.
    /// - Parameter retiring: what the write changes (by default: every kept answer).
    /// - Throws: whatever `work` throws; the view and the kept answers are then unchanged.
    func write<T: Sendable>(retiring: ResponseCache.Retirement = .everything,
                            _ work: @escaping @Sendable (LiveView) async throws -> (LiveView?, T)) async throws -> T {
        try await queue.enqueue {
            let (next, result) = try await work(self.current)
            if let next { self.box.withLock { $0 = next } }
            // After the swap: an answer computed from the old view or store took its ticket before this.
            self.cache.retire(retiring)
            return result
        }
    }
}

/// A serial queue of async work: each item starts when the one before it has finished.
actor WriteQueue {
    private var tail: Task<Void, Never>?

    /// Runs `work` after everything enqueued before it.
    func enqueue<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tail
        let task = Task<T, any Error> {
            await previous?.value
            return try await work()
        }
        tail = Task { _ = try? await task.value }
        return try await task.value
    }
}
