import Foundation
import GRDB

/// A pairing round as stored: its groups of members (numbered from 1) and what pairs said afterwards.
public struct PairingRound: Sendable, Hashable, Codable {
    public struct Outcome: Sendable, Hashable, Codable {
        public let a: MemberID
        public let b: MemberID
        /// `met` or `did-not-meet`.
        public let outcome: String
        public let recorded: String
    }
    public let id: Int
    public let name: String
    /// The opt-in group the participants came from, or nil (a list of members).
    public let group: String?
    public let size: Int
    public let seed: UInt64
    public let created: String
    /// Group number − 1 → members (discoverable members only when read back).
    public let groups: [[MemberID]]
    /// Pair weight per member (the reciprocal weight of their group, as planned).
    public let weights: [MemberID: Double]
    public let outcomes: [Outcome]

    public var participantCount: Int { groups.reduce(0) { $0 + $1.count } }
}

/// One line of `rounds list`.
public struct PairingRoundSummary: Sendable, Hashable, Codable {
    public let id: Int
    public let name: String
    public let group: String?
    public let size: Int
    public let created: String
    public let participants: Int
    public let groups: Int
    public let met: Int
}

/// A pair that was in one group of an earlier round, and how many rounds ago (1 = the last round).
public struct PastPair: Sendable, Hashable {
    public let a: MemberID
    public let b: MemberID
    public let roundsAgo: Int
}

extension ProfileStore {
    /// Stores a new round of `groups` (every member must exist) and returns its id.
    /// - Throws: ``ProfileError``: invalid input for an empty name or no groups; not found for an unknown member.
    public func saveRound(name: String, group: String?, size: Int, seed: UInt64, groups: [[MemberID]],
                          weights: [MemberID: Double] = [:], at date: Date = Date()) async throws -> Int {
        guard (1...200).contains(name.count) else {
            throw ProfileError.invalidInput("round name: \(name.count) characters (expected 1...200)")
        }
        guard !groups.isEmpty else { throw ProfileError.invalidInput("round '\(name)': no groups to store") }
        let stamp = ISO8601DateFormatter().string(from: date)
        return try await write { db in
            try db.execute(sql: "INSERT INTO pairing_round(name, group_id, size, seed, created) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, group, size, Int64(bitPattern: seed), stamp])
            let id = Int(db.lastInsertedRowID)
            for (index, members) in groups.enumerated() {
                for member in members {
                    guard try Self.memberExists(db, member) else {
                        throw ProfileError.notFound("member '\(member)' does not exist")
                    }
                    try db.execute(sql: "INSERT INTO round_member(round_id, member_id, group_number, weight) VALUES (?, ?, ?, ?)",
                                   arguments: [id, member, index + 1, weights[member] ?? 0])
                }
            }
            return id
        }
    }

    /// Every round, oldest first, counting discoverable participants only.
    public func rounds() async throws -> [PairingRoundSummary] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.id, r.name, r.group_id, r.size, r.created,
                    (SELECT count(*) FROM round_member x JOIN member m ON m.id = x.member_id
                        WHERE x.round_id = r.id AND m.discoverable = 1),
                    (SELECT count(DISTINCT group_number) FROM round_member x WHERE x.round_id = r.id),
                    (SELECT count(*) FROM round_outcome o WHERE o.round_id = r.id AND o.outcome = 'met')
                FROM pairing_round r ORDER BY r.id
                """).map {
                PairingRoundSummary(id: $0[0], name: $0[1], group: $0[2], size: $0[3], created: $0[4],
                                    participants: $0[5], groups: $0[6], met: $0[7])
            }
        }
    }

    /// The round `id` with its groups and outcomes; members who are not discoverable now are left out.
    /// - Throws: ``ProfileError`` (not found) `no round 'ID' (rounds: 1…N)` when there is no such round.
    public func round(_ id: Int) async throws -> PairingRound {
        try await read { db in try Self.round(db, id) }
    }

    static func round(_ db: Database, _ id: Int) throws -> PairingRound {
        guard let row = try Row.fetchOne(db, sql: "SELECT name, group_id, size, seed, created FROM pairing_round WHERE id = ?",
                                         arguments: [id]) else {
            let ids = try Int.fetchAll(db, sql: "SELECT id FROM pairing_round ORDER BY id")
            throw ProfileError.notFound("no round '\(id)' (" + (ids.isEmpty ? "there are no rounds yet; `qmatch rounds new` makes one"
                : "rounds: \(ids.first!)…\(ids.last!)") + ")")
        }
        var groups: [Int: [MemberID]] = [:]
        var weights: [MemberID: Double] = [:]
        for member in try Row.fetchAll(db, sql: """
            SELECT x.member_id, x.group_number, x.weight FROM round_member x JOIN member m ON m.id = x.member_id
            WHERE x.round_id = ? AND m.discoverable = 1 ORDER BY x.group_number, x.member_id
            """, arguments: [id]) {
            groups[member[1], default: []].append(member[0])
            weights[member[0]] = member[2]
        }
        let outcomes = try Row.fetchAll(db, sql: """
            SELECT o.a, o.b, o.outcome, o.recorded FROM round_outcome o JOIN member ma ON ma.id = o.a
            JOIN member mb ON mb.id = o.b WHERE o.round_id = ? AND ma.discoverable = 1 AND mb.discoverable = 1
            ORDER BY o.a, o.b
            """, arguments: [id]).map { PairingRound.Outcome(a: $0[0], b: $0[1], outcome: $0[2], recorded: $0[3]) }
        return PairingRound(id: id, name: row[0], group: row[1], size: row[2], seed: UInt64(bitPattern: row[3]),
                            created: row[4], groups: groups.keys.sorted().map { groups[$0]! }, weights: weights,
                            outcomes: outcomes)
    }

    /// The rounds member `id` took part in, oldest first, each with the member's group (discoverable members).
    public func rounds(of member: MemberID) async throws -> [PairingRound] {
        try await read { db in
            try Int.fetchAll(db, sql: "SELECT round_id FROM round_member WHERE member_id = ? ORDER BY round_id",
                             arguments: [member]).map { id in
                let round = try Self.round(db, id)
                let mine = round.groups.filter { $0.contains(member) }
                return PairingRound(id: round.id, name: round.name, group: round.group, size: round.size,
                                    seed: round.seed, created: round.created, groups: mine,
                                    weights: round.weights.filter { key, _ in mine.contains { $0.contains(key) } },
                                    outcomes: round.outcomes.filter { $0.a == member || $0.b == member })
            }
        }
    }

    /// Every pair that shared a group in the last `rounds` rounds (all rounds when nil), most recent first,
    /// and the members who were in a group of three or more in the last round.
    public func pairHistory(rounds: Int? = nil) async throws -> (pairs: [PastPair], lastTrio: Set<MemberID>) {
        try await read { db in
            let ids = try Int.fetchAll(db, sql: "SELECT id FROM pairing_round ORDER BY id DESC LIMIT ?",
                                       arguments: [rounds ?? Int.max])
            var pairs: [PastPair] = []
            var lastTrio = Set<MemberID>()
            for (ago, id) in ids.enumerated() {
                var groups: [Int: [MemberID]] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT group_number, member_id FROM round_member WHERE round_id = ?",
                                            arguments: [id]) {
                    groups[row[0], default: []].append(row[1])
                }
                for members in groups.values {
                    if ago == 0, members.count >= 3 { lastTrio.formUnion(members) }
                    for i in members.indices { for j in members.indices where i < j {
                        pairs.append(PastPair(a: members[i], b: members[j], roundsAgo: ago + 1))
                    } }
                }
            }
            return (pairs, lastTrio)
        }
    }

    /// Records whether `a` and `b`, in one group of round `round`, met. `met` also records the tie (kind
    /// `coffee`, weight 1, dated today), so the graph learns from the programme; a later record replaces an
    /// earlier one.
    /// - Throws: ``ProfileError``: not found for an unknown round or member; invalid input when the two were not
    ///   in one group of that round. Nothing is changed on error.
    public func recordOutcome(round: Int, _ a: MemberID, _ b: MemberID, met: Bool, at date: Date = Date()) async throws {
        guard a != b else { throw ProfileError.invalidInput("round \(round): '\(a)' twice (expected two members)") }
        let stamp = ISO8601DateFormatter().string(from: date)
        try await write { db in
            _ = try Self.round(db, round)
            for id in [a, b] where try !Self.memberExists(db, id) || !Self.isDiscoverable(db, id) {
                throw ProfileError.notFound("no member '\(id)'")
            }
            let groups = try Row.fetchAll(db, sql: "SELECT member_id, group_number FROM round_member WHERE round_id = ? "
                + "AND member_id IN (?, ?)", arguments: [round, a, b])
            let numbers = Dictionary(groups.map { ($0[0] as String, $0[1] as Int) }, uniquingKeysWith: { x, _ in x })
            guard let ga = numbers[a], let gb = numbers[b], ga == gb else {
                let missing = [a, b].filter { numbers[$0] == nil }
                throw ProfileError.invalidInput("round \(round): " + (missing.isEmpty
                    ? "'\(a)' and '\(b)' were in different groups (expected two members of one group)"
                    : missing.map { "'\($0)'" }.joined(separator: " and ") + " did not take part"))
            }
            let (x, y) = a < b ? (a, b) : (b, a)
            try db.execute(sql: """
                INSERT INTO round_outcome(round_id, a, b, outcome, recorded) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(round_id, a, b) DO UPDATE SET outcome = excluded.outcome, recorded = excluded.recorded
                """, arguments: [round, x, y, met ? "met" : "did-not-meet", stamp])
            if met {
                try Self.strengthen(Connection(x, y, kind: "coffee", weight: 1, created: String(stamp.prefix(10))), in: db)
            }
        }
    }

    static func isDiscoverable(_ db: Database, _ id: MemberID) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT discoverable FROM member WHERE id = ?", arguments: [id]) ?? false
    }

    /// The discoverable members of group `id`, sorted.
    /// - Throws: ``ProfileError`` (not found, with suggestions) for an unknown group.
    public func discoverableMembers(ofGroup id: String) async throws -> [MemberID] {
        _ = try await group(id)
        return try await read { db in
            try String.fetchAll(db, sql: """
                SELECT s.member_id FROM membership s JOIN member m ON m.id = s.member_id
                WHERE s.group_id = ? AND m.discoverable = 1 ORDER BY s.member_id
                """, arguments: [id])
        }
    }

    /// Every membership of a discoverable member: member → group ids.
    public func memberships() async throws -> [MemberID: [String]] {
        try await read { db in
            var result: [MemberID: [String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT s.member_id, s.group_id FROM membership s JOIN member m ON m.id = s.member_id
                WHERE m.discoverable = 1 ORDER BY s.member_id, s.position
                """) {
                result[row[0], default: []].append(row[1])
            }
            return result
        }
    }
}
