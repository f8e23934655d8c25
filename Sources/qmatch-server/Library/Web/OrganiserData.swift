import Foundation
import QGraph
import QMatching
import QPictures
import QProfiles
import Synchronization

/// What the organiser pages draw, computed once and kept: the figures, the trend and the names of the members
/// others may see (until the next write, or a minute at most, since other processes may write too), the communities of a snapshot (for its life: the
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
    private let names = Mutex<(sequence: Int, at: Date, value: [MemberID: String])?>(nil)
    private let communities = Mutex<(generation: Int, value: Communities)?>(nil)
    private let maps = Mutex<(generation: Int, sequence: Int, value: DrawnMap)?>(nil)
    private let groups = Mutex<(sequence: Int, at: Date, value: GroupChoices)?>(nil)
    private let groupRecommender = Mutex<(generation: Int, sequence: Int, at: Date, value: GroupRecommender)?>(nil)
    private let rounds = Mutex<[Int: (generation: Int, sequence: Int, at: Date, value: RoundView)]>([:])
    private let evaluation = Mutex(EvaluationState())

    /// How many rounds are kept as shown (the ones being reviewed and downloaded).
    static let keptRounds = 8

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

    /// The names of the members others may see, after write number `sequence`: what the organiser pages list
    /// people by (one query for everyone, kept as the figures are, instead of whole records per page).
    func discoverableNames(sequence: Int, store: ProfileStore) async throws -> [MemberID: String] {
        if let kept = names.withLock({ $0 }), kept.sequence == sequence,
           Date().timeIntervalSince(kept.at) < Self.glanceLifetime {
            return kept.value
        }
        let value = try await store.discoverableNames()
        names.withLock { $0 = (sequence, Date(), value) }
        return value
    }

    /// Every group, after write number `sequence`, for the forms that choose one (kept as the figures are).
    func groups(sequence: Int, store: ProfileStore) async throws -> GroupChoices {
        if let kept = groups.withLock({ $0 }), kept.sequence == sequence,
           Date().timeIntervalSince(kept.at) < Self.glanceLifetime {
            return kept.value
        }
        let value = GroupChoices(try await store.groups())
        groups.withLock { $0 = (sequence, Date(), value) }
        return value
    }

    /// The groups, and each as an `<option>` of the forms' group select, escaped once. A community has hundreds
    /// of groups (732 at 10,000 members); through the template, escaping them character by character, the
    /// options took 10 ms of every recruit, rounds and teams page.
    struct GroupChoices: Sendable {
        let groups: [Group]
        /// Per group: its id, and its option cut where ` selected` would go (`<option value="ID"` and `>LABEL</option>`).
        private let options: [(id: String, head: String, tail: String)]

        init(_ groups: [Group]) {
            self.groups = groups
            options = groups.map { group in
                let label = group.name.isEmpty ? group.id : "\(group.name) (\(group.id))"
                return (group.id, "<option value=\"\(SVG.escape(group.id))\"", ">\(SVG.escape(label))</option>")
            }
        }

        /// The options, the one of group `selected` (if any) selected: HTML with every text escaped.
        func html(selected: String?) -> String {
            var out = ""
            out.reserveCapacity(options.reduce(0) { $0 + $1.head.utf8.count + $1.tail.utf8.count } + 9)
            for option in options {
                out += option.head
                if option.id == selected { out += " selected" }
                out += option.tail
            }
            return out
        }
    }

    /// The groups' recommender for members' "groups to join" over `view` (snapshot `generation`, after write
    /// `sequence`); kept until the next write, or a minute at most (groups and ties written by other processes).
    func groupRecommender(_ service: GroupsForService, generation: Int, sequence: Int) async throws -> GroupRecommender {
        if let kept = groupRecommender.withLock({ $0 }), kept.generation == generation, kept.sequence == sequence,
           Date().timeIntervalSince(kept.at) < Self.glanceLifetime {
            return kept.value
        }
        let value = try await service.makeRecommender()
        groupRecommender.withLock { $0 = (generation, sequence, Date(), value) }
        return value
    }

    /// Round `id` as ``RoundService/show(_:unplaced:repeated:)`` shows it, kept for its review page and its
    /// CSV until the next write, or a minute at most (outcomes are recorded by the CLI).
    /// - Throws: ``ProfileError`` (not found) for an unknown round.
    func round(_ id: Int, _ service: RoundService, generation: Int, sequence: Int) async throws -> RoundView {
        if let kept = rounds.withLock({ $0[id] }), kept.generation == generation, kept.sequence == sequence,
           Date().timeIntervalSince(kept.at) < Self.glanceLifetime {
            return kept.value
        }
        let value = try await service.show(id)
        rounds.withLock { kept in
            if kept.count >= Self.keptRounds, let oldest = kept.min(by: { $0.value.at < $1.value.at })?.key {
                kept[oldest] = nil
            }
            kept[id] = (generation, sequence, Date(), value)
        }
        return value
    }

    /// A community map and its picture, each circle linking to its page.
    struct DrawnMap: Sendable {
        let map: CommunityMap
        let picture: Picture
    }

    /// The community map of `view` (snapshot number `generation`, after write number `sequence`) as it shows
    /// members now, drawn with circles linking to `link(number)` (the same for every call).
    func map(view: ServingView, generation: Int, sequence: Int,
             link: @escaping @Sendable (Int) -> String) async throws -> DrawnMap {
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
        let drawn = DrawnMap(map: map, picture: map.picture(link: link))
        maps.withLock { $0 = (generation, sequence, drawn) }
        return drawn
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
