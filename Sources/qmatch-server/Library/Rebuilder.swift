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
    /// How a rebuild builds: in a child process (`qmatch build`), or on a thread of this one.
    let builder: IndexBuilder
    let threads: Int
    let metrics: ServerMetrics
    let logger: Logger
    private let status = Mutex(Status())
    /// Members erased through this server while a rebuild reads and builds: dropped from its index before the
    /// index is written or served.
    private let erasedDuringBuild = Mutex(Set<MemberID>())
    private let requests: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init(store: ProfileStore, state: ServingState, indexPath: String?, builder: IndexBuilder = .inProcess,
         threads: Int, metrics: ServerMetrics, logger: Logger) {
        self.store = store
        self.state = state
        self.indexPath = indexPath
        self.builder = builder
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
        let erasedSince: @Sendable () -> Set<MemberID> = { [self] in erasedDuringBuild.withLock { $0 } }
        let snapshot: Snapshot
        if case .process(let executable, let database) = builder, let indexPath {
            snapshot = try await Self.buildInChild(executable: executable, database: database, indexPath: indexPath,
                                                   threads: threads, generation: generation, buildSequence: sequence,
                                                   erasedSince: erasedSince)
        } else {
            snapshot = try await Self.buildSnapshot(store: store, indexPath: indexPath, threads: threads,
                                                    generation: generation, buildSequence: sequence,
                                                    erasedSince: erasedSince)
        }
        try await state.write(retiring: .nothing) { [store] view in
            let current = try await ServingView.current(index: snapshot.index, store: store)
            let next = LiveView(snapshot: snapshot, current: current, carrying: view.view.written,
                                visible: try await store.discoverableIDs(), sequence: view.sequence)
            return (next, ())
        }
        #if os(Linux)
        // A build allocates and frees hundreds of megabytes on a thread of its own; glibc keeps what is freed
        // in that thread's arena, so that without a trim the resident size climbs with every rebuild.
        _ = malloc_trim(0)
        #endif
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

extension Rebuilder {
    /// Builds the next index in a child process, `qmatch build`, so that the build's working set (hundreds of
    /// megabytes at 10,000 members) is the child's and leaves with it, and a build that crashes cannot take the
    /// server down. The child writes `INDEX.next` (atomically); the file is read back and checked, and when it
    /// holds a member erased since the build began it is deleted and built again (as ``buildSnapshot``, at most
    /// three builds). Then it is renamed over the serving index and loaded (memory-mapped).
    /// - Throws: ``MatchingError`` when the child fails (with the last lines it wrote to standard error), or its
    ///   index cannot be read or put in place.
    static func buildInChild(executable: String, database: String, indexPath: String, threads: Int,
                             generation: Int, buildSequence: Int,
                             erasedSince: @escaping @Sendable () -> Set<MemberID>) async throws -> Snapshot {
        let next = indexPath + ".next"
        var attempt = 0
        while true {
            attempt += 1
            try await OffThread.run {
                try runChild(executable, ["build", "--db", database, "--index", next, "--threads", "\(threads)"])
            }
            let built = try await OffThread.run { try IndexFile.read(next) }
            let erased = erasedSince()
            // As in process: built again without them, up to three builds; after that the index goes in place
            // (the file it replaces holds them too) and the rebuild their erasure queued purges them.
            if attempt < 3, built.ids.contains(where: erased.contains) {
                try? FileManager.default.removeItem(atPath: next)
                continue
            }
            guard rename(next, indexPath) == 0 else {
                try? FileManager.default.removeItem(atPath: next)
                throw MatchingError.io("\(indexPath): cannot rename the new index into place "
                    + "(\(String(cString: strerror(errno))))")
            }
            // The mapping follows the file through the rename: what was checked is what serves.
            return Snapshot(index: built, path: indexPath, generation: generation, buildSequence: buildSequence)
        }
    }

    /// Runs `executable` with `arguments` and waits; standard output is discarded (the child names no member).
    /// - Throws: ``MatchingError`` when it cannot start or exits with a failure (its last lines of standard error).
    static func runChild(_ executable: String, _ arguments: [String]) throws {
        let ended: ChildProcess.Termination
        do {
            ended = try ChildProcess.run(executable, arguments, standardOutput: .discard, standardError: .capture)
        } catch {
            throw MatchingError.io("cannot start the index builder \(executable): \(error)")
        }
        guard ended.succeeded else {
            let tail = String(decoding: ended.captured.suffix(2_000), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let how = ended.exitStatus.map { "exited with status \($0)" } ?? "was killed by signal \(ended.signal ?? 0)"
            throw MatchingError.io("the index builder \(how)" + (tail.isEmpty ? "" : ": \(tail)"))
        }
    }
}

/// How the server builds a new index.
public enum IndexBuilder: Sendable, Equatable {
    /// On a thread of the server's own process.
    case inProcess
    /// In a child process: `executable build --db DATABASE --index INDEX.next` (the `qmatch` command).
    case process(executable: String, database: String)

    /// The `qmatch` executable beside the running one, if there is one.
    public static func besideThisExecutable() -> String? {
        guard let this = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let candidate = URL(fileURLWithPath: this).deletingLastPathComponent().appendingPathComponent("qmatch").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
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

#if os(Linux)
/// glibc's `malloc_trim` (malloc.h, which the Glibc module does not export): returns the free memory of every
/// arena to the system.
@_silgen_name("malloc_trim")
private func malloc_trim(_ pad: Int) -> Int32
#endif
