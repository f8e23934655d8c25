import Foundation
import QGraph
import QMatching
import QPictures
import QProfiles
import Synchronization

/// What the organiser pages draw, computed once and kept: the figures and trend (until the next write, or a
/// minute at most, since other processes may write too), the communities of a snapshot (for its life: the
/// costly part of the map), and the last offline evaluation (run on request, in the background).
final class OrganiserData: Sendable {
    struct Glance: Sendable {
        let stats: CommunityStats
        let trend: ConnectionTrend
    }

    struct EvaluationState: Sendable {
        var isRunning = false
        var report: Evaluation.Report?
        var finished: Date?
        var problem: String?
    }

    static let glanceLifetime: TimeInterval = 60

    private let glance = Mutex<(sequence: Int, at: Date, value: Glance)?>(nil)
    private let communities = Mutex<(generation: Int, value: Communities)?>(nil)
    private let maps = Mutex<(generation: Int, sequence: Int, value: CommunityMap)?>(nil)
    private let evaluation = Mutex(EvaluationState())

    /// The figures and trend for write number `sequence`.
    func glance(sequence: Int, store: ProfileStore) async throws -> Glance {
        if let kept = glance.withLock({ $0 }), kept.sequence == sequence,
           Date().timeIntervalSince(kept.at) < Self.glanceLifetime {
            return kept.value
        }
        let value = Glance(stats: try await store.stats(), trend: try await store.connectionTrend())
        glance.withLock { $0 = (sequence, Date(), value) }
        return value
    }

    /// The community map of `view` (snapshot number `generation`, after write number `sequence`) as it shows
    /// members now.
    func map(view: ServingView, generation: Int, sequence: Int) async throws -> CommunityMap {
        if let kept = maps.withLock({ $0 }), kept.generation == generation, kept.sequence == sequence {
            return kept.value
        }
        let found: Communities
        if let kept = communities.withLock({ $0 }), kept.generation == generation {
            found = kept.value
        } else {
            found = try await OffThread.run { try CommunityMap.communities(of: view) }
            communities.withLock { $0 = (generation, found) }
        }
        let map = try CommunityMap.make(view: view, communities: found)
        maps.withLock { $0 = (generation, sequence, map) }
        return map
    }

    var evaluationState: EvaluationState { evaluation.withLock { $0 } }

    /// Starts an offline evaluation (a seeded sample of members) in the background unless one is running.
    /// - Returns: whether one was started.
    func startEvaluation(store: ProfileStore, maxMembers: Int = 500) -> Bool {
        let started = evaluation.withLock { state -> Bool in
            guard !state.isRunning else { return false }
            state.isRunning = true
            return true
        }
        guard started else { return false }
        Task.detached { [self] in
            do {
                let snapshot = try await store.snapshot()
                let report = try await OffThread.run {
                    try Evaluation.run(members: snapshot.members, connections: snapshot.connections, mode: .temporal,
                                       fraction: 0.2, seed: 1, k: 10, maxQueries: maxMembers)
                }
                evaluation.withLock { $0 = EvaluationState(isRunning: false, report: report, finished: Date()) }
            } catch {
                evaluation.withLock {
                    $0.isRunning = false
                    $0.problem = "The evaluation could not run: \(error)"
                }
            }
        }
        return true
    }
}
