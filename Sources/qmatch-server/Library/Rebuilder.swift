import Foundation
import Logging
import QMatching
import QProfiles
import ServiceLifecycle
import Synchronization

/// Rebuilds the index in the background and swaps the new snapshot in: reads the store, featurizes on a
/// thread of its own (not the threads that serve requests), writes the file beside the serving one (temporary
/// file, then rename), loads it back, and installs it as one write. Requests during a rebuild are answered
/// from the previous snapshot; requests made during one are coalesced into one more rebuild after it.
///
/// A service of the application: on graceful shutdown it stops taking requests (a rebuild under way finishes).
final class Rebuilder: Service, Sendable {
    /// What `GET /v1/admin/rebuild` reports.
    struct Status: Codable, Sendable {
        /// `idle` or `running`.
        var state = "idle"
        /// Whether another rebuild will start when this one ends.
        var queued = false
        /// The generation of the snapshot serving now (1: loaded at start).
        var generation = 1
        var lastStarted: String?
        var lastFinished: String?
        var lastSeconds: Double?
        /// Why the last rebuild failed (nil when it succeeded).
        var lastError: String?
    }

    let store: ProfileStore
    let state: ServingState
    let indexPath: String?
    let threads: Int
    let metrics: ServerMetrics
    let logger: Logger
    private let status = Mutex(Status())
    /// Members erased through this server while a rebuild reads and builds: dropped from its index before the
    /// index is written or served.
    private let erasedDuringBuild = Mutex(Set<MemberID>())
    private let requests: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init(store: ProfileStore, state: ServingState, indexPath: String?, threads: Int, metrics: ServerMetrics,
         logger: Logger) {
        self.store = store
        self.state = state
        self.indexPath = indexPath
        self.threads = threads
        self.metrics = metrics
        self.logger = logger
        (requests, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// The current status.
    var current: Status { status.withLock { $0 } }

    /// Records an erasure and asks for a rebuild, so that the member leaves the index file too (their id and
    /// the words only their profile held), and so that a rebuild under way drops them before writing.
    func erased(_ id: MemberID) {
        erasedDuringBuild.withLock { _ = $0.insert(id) }
        _ = request()
    }

    /// Asks for a rebuild; returns the status just after (running, or queued behind one that is).
    func request() -> Status {
        let now = status.withLock { status -> Status in
            if status.state == "running" { status.queued = true } else { status.state = "running" }
            return status
        }
        continuation.yield(())
        return now
    }

    func run() async throws {
        for await _ in requests.cancelOnGracefulShutdown() {
            await rebuild()
        }
    }

    /// One rebuild, start to swap. Failures are logged, counted and reported in the status; the serving
    /// snapshot then stays.
    func rebuild() async {
        let started = Date()
        status.withLock {
            $0.state = "running"
            $0.queued = false
            $0.lastStarted = ISO8601DateFormatter().string(from: started)
        }
        logger.info("rebuild started")
        do {
            let generation = try await rebuildAndSwap()
            let seconds = Date().timeIntervalSince(started)
            status.withLock {
                $0.generation = generation
                $0.lastError = nil
                $0.lastSeconds = seconds
            }
            metrics.rebuilt(succeeded: true, seconds: seconds)
            logger.info("rebuild finished", metadata: ["generation": "\(generation)",
                                                      "seconds": "\(String(format: "%.2f", seconds))"])
        } catch {
            let seconds = Date().timeIntervalSince(started)
            status.withLock {
                $0.lastError = "\(error)"
                $0.lastSeconds = seconds
            }
            metrics.rebuilt(succeeded: false, seconds: seconds)
            logger.error("rebuild failed; the previous snapshot keeps serving", metadata: ["error": "\(error)"])
        }
        status.withLock {
            $0.state = $0.queued ? "running" : "idle"
            $0.lastFinished = ISO8601DateFormatter().string(from: Date())
        }
    }

    /// Builds, writes, loads and installs the next snapshot; returns its generation.
    func rebuildAndSwap() async throws -> Int {
        // Every write numbered up to here has reached the store before it is read below.
        let sequence = state.current.sequence
        let generation = state.current.snapshot.generation + 1
        erasedDuringBuild.withLock { $0.removeAll() }
        let snapshot = try await Self.buildSnapshot(store: store, indexPath: indexPath, threads: threads,
                                                    generation: generation, buildSequence: sequence,
                                                    erasedSince: { [self] in erasedDuringBuild.withLock { $0 } })
        try await state.write(retiring: .nothing) { [store] view in
            let current = try await ServingView.current(index: snapshot.index, store: store)
            let next = LiveView(snapshot: snapshot, current: current, carrying: view.view.written,
                                visible: try await store.discoverableIDs(), sequence: view.sequence)
            return (next, ())
        }
        return generation
    }

    /// Builds an index from the whole store (read in one snapshot) off the serving threads; with `indexPath`,
    /// writes it there atomically and loads it back (memory-mapped). Members that `erasedSince` names by the
    /// time the index is built are dropped and the index built again without them, before it is written.
    /// - Throws: ``ProfileError`` or ``MatchingError`` when the store cannot be read or the file written.
    static func buildSnapshot(store: ProfileStore, indexPath: String?, threads: Int, generation: Int,
                              buildSequence: Int,
                              erasedSince: @escaping @Sendable () -> Set<MemberID> = { [] }) async throws -> Snapshot {
        let read = try await store.snapshot()
        return try await OffThread.run {
            var members = read.members, connections = read.connections
            var index = try MatchingIndex.build(members: members, connections: connections, threads: threads)
            for _ in 0..<3 {
                let erased = erasedSince()
                guard index.ids.contains(where: erased.contains) else { break }
                members.removeAll { erased.contains($0.id) }
                connections.removeAll { erased.contains($0.source) || erased.contains($0.target) }
                index = try MatchingIndex.build(members: members, connections: connections, threads: threads)
            }
            if let indexPath {
                try IndexFile.write(index, to: indexPath)
                index = try IndexFile.read(indexPath)
            }
            return Snapshot(index: index, path: indexPath, generation: generation, buildSequence: buildSequence)
        }
    }
}

/// Runs blocking work on a thread of its own, so that the threads serving requests stay free.
enum OffThread {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }
}
