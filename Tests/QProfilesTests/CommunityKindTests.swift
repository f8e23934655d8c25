import Foundation
import Testing
@testable import QProfiles

/// Communities of each kind, generated once (1,200 members each, JSON Lines) and measured: the tie rule each
/// kind claims must show in its ties.
private struct KindSample: Sendable {
    struct Person: Decodable, Sendable { let id: String; let role: String; let unit: String? }
    struct Tie: Decodable, Sendable { let source: String; let target: String }

    let people: [String: Person]
    let ties: [Tie]

    static let all: [CommunityKind: KindSample] = {
        var samples: [CommunityKind: KindSample] = [:]
        for kind in CommunityKind.allCases {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("qmatch-kind-\(kind.rawValue)-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            do {
                _ = try CommunityGenerator(members: 1_200, seed: 5, kind: kind).write(to: directory.path, format: .jsonl)
                func rows<Row: Decodable>(_ name: String) throws -> [Row] {
                    let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                    return try text.split(separator: "\n").map { try JSONDecoder().decode(Row.self, from: Data($0.utf8)) }
                }
                let people: [Person] = try rows("members.jsonl")
                samples[kind] = KindSample(people: Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0) }),
                                           ties: try rows("connections.jsonl"))
            } catch {
                preconditionFailure("generation failed: \(error)")
            }
        }
        return samples
    }()

    /// The share of ties whose ends satisfy `rule`.
    func tieShare(_ rule: (Person, Person) -> Bool) -> Double {
        let hits = ties.filter { rule(people[$0.source]!, people[$0.target]!) }.count
        return Double(hits) / Double(max(ties.count, 1))
    }

    /// The share of all pairs of members that satisfy `rule` (what random ties would show).
    func pairShare(_ rule: (Person, Person) -> Bool) -> Double {
        let list = people.values.sorted { $0.id < $1.id }
        var hits = 0, pairs = 0
        for i in list.indices { for j in (i + 1)..<list.count { pairs += 1; if rule(list[i], list[j]) { hits += 1 } } }
        return Double(hits) / Double(pairs)
    }

    var meanDegree: Double { 2 * Double(Set(ties.map { [$0.source, $0.target].sorted() }).count) / Double(people.count) }
}

@Suite struct CommunityKindTests {
    fileprivate static func sameUnit(_ a: KindSample.Person, _ b: KindSample.Person) -> Bool { a.unit != nil && a.unit == b.unit }
    fileprivate static func sameRole(_ a: KindSample.Person, _ b: KindSample.Person) -> Bool { a.role == b.role }

    @Test func classroomTiesStayInTheirUnit() throws {
        let sample = try #require(KindSample.all[.classroom])
        #expect(sample.people.values.allSatisfy { $0.unit != nil })
        let within = sample.tieShare(Self.sameUnit), random = sample.pairShare(Self.sameUnit)
        #expect(within > 0.6, "share of ties inside a unit: \(within)")
        #expect(within > 10 * random, "inside a unit: ties \(within), random pairs \(random)")
    }

    @Test func wardTiesCrossRolesInsideTheirUnit() throws {
        let sample = try #require(KindSample.all[.ward])
        let within = sample.tieShare(Self.sameUnit), random = sample.pairShare(Self.sameUnit)
        #expect(within > 0.5 && within > 10 * random, "inside a unit: ties \(within), random pairs \(random)")
        // Heterophily: inside units, same-role ties are far rarer than among random pairs of the same unit.
        let sameRoleInUnit = sample.tieShare { Self.sameUnit($0, $1) && Self.sameRole($0, $1) } / within
        let randomSameRoleInUnit = sample.pairShare { Self.sameUnit($0, $1) && Self.sameRole($0, $1) }
            / sample.pairShare(Self.sameUnit)
        #expect(sameRoleInUnit < 0.5 * randomSameRoleInUnit,
                "same role among unit ties \(sameRoleInUnit), among unit pairs \(randomSameRoleInUnit)")
    }

    @Test func onlineTiesAreSparse() throws {
        let online = try #require(KindSample.all[.online]), q = try #require(KindSample.all[.q])
        #expect(online.people.values.allSatisfy { $0.unit == nil })
        #expect(online.meanDegree < 0.6 * q.meanDegree, "mean degree online \(online.meanDegree), Q \(q.meanDegree)")
        #expect(online.meanDegree > 1)
    }

    @Test func qHasNoUnitsAndUnitsMixAcrossTheQCommunity() throws {
        let q = try #require(KindSample.all[.q])
        #expect(q.people.values.allSatisfy { $0.unit == nil })
        #expect(CommunityGenerator.extraColumns(.q) == CommunityGenerator.extraMemberColumns)
        #expect(CommunityGenerator.extraColumns(.ward).contains("unit"))
    }
}
