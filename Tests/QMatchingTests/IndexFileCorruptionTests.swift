import Foundation
import QGraph
import Testing
@testable import QMatching
@testable import QProfiles

/// A small index with every section filled: categories, attributes, offers, needs, groups, a graph and a blend.
func richIndex() throws -> MatchingIndex {
    let topics = ["falls", "sepsis", "frailty", "dementia"]
    let members = (0..<12).map { i in
        Member(id: "r\(i)", role: ["nurse", "manager"][i % 2], sector: "acute", region: ["Wales", "London"][i % 2],
               topics: [topics[i % 4], topics[(i + 1) % 4]], methods: ["PDSA"], offers: [topics[i % 4]],
               needs: [topics[(i + 2) % 4]], groups: i % 3 == 0 ? ["g1"] : ["g1", "g2"],
               bio: "works on ward safety \(i % 5)", discoverable: i != 5, attributes: ["team": "t\(i % 3)"])
    }
    let connections = (0..<11).map { Connection("r\($0)", "r\($0 + 1)", weight: Double($0 + 1)) }
    let built = try MatchingIndex.build(members: members, connections: connections, dimension: 8, fitBlend: false)
    return MatchingIndex(ids: built.ids, discoverable: built.discoverable, interests: built.interests, model: built.model,
                         facts: built.facts, graph: built.graph, blend: .default, builtAt: built.builtAt,
                         contentNeighbours: built.contentNeighbours)
}

/// One way of damaging the sections of a valid index; the file is then re-encoded with a correct checksum, so
/// that the reader's structural checks, not the checksum, must catch it.
struct SectionDamage: Sendable, CustomTestStringConvertible {
    let name: String
    let expected: String
    let damage: @Sendable (inout IndexSections) -> Void
    var testDescription: String { name }
}

func int32Data(_ values: [Int32]) -> Data { values.withUnsafeBufferPointer { Data(buffer: $0) } }
func floatData(_ values: [Float]) -> Data { values.withUnsafeBufferPointer { Data(buffer: $0) } }

/// The sections of an index file, by name, for damaging.
struct IndexSections {
    var list: [(name: String, data: Data)]
    subscript(section name: String) -> Data {
        get { list.first { $0.name == name }!.data }
        set { list[list.firstIndex { $0.name == name }!].data = newValue }
    }
    mutating func editInt32s(_ name: String, _ edit: (inout [Int32]) -> Void) {
        var values = self[section: name].withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
        edit(&values)
        self[section: name] = int32Data(values)
    }
    mutating func editFloats(_ name: String, _ edit: (inout [Float]) -> Void) {
        var values = self[section: name].withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        edit(&values)
        self[section: name] = floatData(values)
    }
    mutating func editMeta(_ edit: (inout [String: Any]) -> Void) {
        var object = try! JSONSerialization.jsonObject(with: self[section: "meta"]) as! [String: Any]
        edit(&object)
        self[section: "meta"] = try! JSONSerialization.data(withJSONObject: object)
    }
}

let sectionDamages: [SectionDamage] = [
    SectionDamage(name: "role code past the categories", expected: "'f.codes' holds a code outside") { s in
        s.editInt32s("f.codes") { $0[0] = 10_000 }
    },
    SectionDamage(name: "negative nation code", expected: "'f.codes' holds a code outside") { s in
        s.editInt32s("f.codes") { $0[$0.count - 1] = -7 }
    },
    SectionDamage(name: "codes for too few rows", expected: "'f.codes' has") { s in
        s.editInt32s("f.codes") { $0.removeLast(4) }
    },
    SectionDamage(name: "offer code past the topics", expected: "'f.offers' holds a code outside") { s in
        s.editInt32s("f.offers.v") { $0[0] = 1 << 30 }
    },
    SectionDamage(name: "negative group code", expected: "'f.membership' holds a code outside") { s in
        s.editInt32s("f.membership.v") { $0[1] = -1 }
    },
    SectionDamage(name: "attribute code past the categories", expected: "'f.attributes' holds a code outside") { s in
        s.editInt32s("f.attributes.v") { $0[0] = Int32.max }
    },
    SectionDamage(name: "CSR offsets going backwards", expected: "'f.needs' is inconsistent") { s in
        s.editInt32s("f.needs.o") { $0[3] = $0[1] - 1; $0[2] = $0[4] + 1 }
    },
    SectionDamage(name: "CSR offsets past the values", expected: "'f.interests' is inconsistent") { s in
        s.editInt32s("f.interests.o") { $0[$0.count - 1] += 100 }
    },
    SectionDamage(name: "CSR offsets not from 0", expected: "'f.offers' is inconsistent") { s in
        s.editInt32s("f.offers.o") { $0[0] = -5 }
    },
    SectionDamage(name: "CSR offsets for too few rows", expected: "'f.membership' is inconsistent") { s in
        s.editInt32s("f.membership.o") { $0.removeLast() }
    },
    SectionDamage(name: "an int32 section cut mid-value", expected: "(expected a multiple of 4)") { s in
        s[section: "f.codes"].append(7)
    },
    SectionDamage(name: "graph weights cut mid-value", expected: "'g.weights' is 3 bytes") { s in
        s[section: "g.weights"] = Data([1, 2, 3])
    },
    SectionDamage(name: "group sizes that disagree", expected: "'f.groupsizes' does not agree") { s in
        s.editInt32s("f.groupsizes") { $0[0] = -3 }
    },
    SectionDamage(name: "group sizes missing", expected: "'f.groupsizes' does not agree") { s in
        s[section: "f.groupsizes"] = Data()
    },
    SectionDamage(name: "rows overflowing the size arithmetic", expected: "bad metadata") { s in
        s.editMeta { $0["rows"] = Int.max / 2 }
    },
    SectionDamage(name: "rows that disagree with the sections", expected: "section sizes do not agree") { s in
        s.editMeta { $0["rows"] = 2_000_000_000 }
    },
    SectionDamage(name: "a huge dimension", expected: "bad metadata") { s in
        s.editMeta { $0["dimension"] = 1 << 61 }
    },
    SectionDamage(name: "a negative term count", expected: "bad metadata") { s in
        s.editMeta { $0["terms"] = -1 }
    },
    SectionDamage(name: "a negative field weight", expected: "a field weight is negative") { s in
        s.editMeta { meta in
            var weights = meta["weights"] as! [String: Any]
            weights["topics"] = -2
            meta["weights"] = weights
        }
    },
    SectionDamage(name: "metadata that is not JSON", expected: "bad metadata") { s in
        s[section: "meta"] = Data("{rows: 3".utf8)
    },
    SectionDamage(name: "a missing section", expected: "section 'f.topics' is missing") { s in
        s.list.removeAll { $0.name == "f.topics" }
    },
    SectionDamage(name: "a section named twice", expected: "named twice") { s in
        s.list.append((name: "ids", data: Data("x".utf8)))
    },
    SectionDamage(name: "a duplicate member id", expected: "appears twice") { s in
        var ids = String(decoding: s[section: "ids"], as: UTF8.self).split(separator: "\n").map(String.init)
        ids[3] = ids[2]
        s[section: "ids"] = Data(ids.joined(separator: "\n").utf8)
    },
    SectionDamage(name: "an invalid member id", expected: "member id of row 0") { s in
        var ids = String(decoding: s[section: "ids"], as: UTF8.self).split(separator: "\n").map(String.init)
        ids[0] = "not an id"
        s[section: "ids"] = Data(ids.joined(separator: "\n").utf8)
    },
    SectionDamage(name: "a flag that is not 0 or 1", expected: "'flags' holds a value") { s in
        s[section: "flags"][0] = 7
    },
    SectionDamage(name: "a NaN in the vectors", expected: "'vectors' holds a value that is not finite") { s in
        s.editFloats("vectors") { $0[5] = .nan }
    },
    SectionDamage(name: "an infinite IDF", expected: "'idf' holds a value that is not finite") { s in
        s.editFloats("idf") { $0[0] = .infinity }
    },
    SectionDamage(name: "a term twice", expected: "holds a term twice") { s in
        var terms = String(decoding: s[section: "terms"], as: UTF8.self).split(separator: "\n").map(String.init)
        terms[1] = terms[0]
        s[section: "terms"] = Data(terms.joined(separator: "\n").utf8)
    },
    SectionDamage(name: "a graph edge past the rows", expected: "graph edge 0") { s in
        s.editInt32s("g.ends") { $0[1] = 500 }
    },
    SectionDamage(name: "a negative graph node", expected: "graph edge 0") { s in
        s.editInt32s("g.ends") { $0[0] = -1 }
    },
    SectionDamage(name: "a graph self loop", expected: "graph edge 1") { s in
        s.editInt32s("g.ends") { $0[3] = $0[2] }
    },
    SectionDamage(name: "graph edges repeated", expected: "graph edge 1") { s in
        s.editInt32s("g.ends") { $0[2] = $0[0]; $0[3] = $0[1] }
    },
    SectionDamage(name: "a graph weight of zero", expected: "graph edge 2") { s in
        s.editFloats("g.weights") { $0[2] = 0 }
    },
    SectionDamage(name: "an infinite graph weight", expected: "'g.weights' holds a value that is not finite") { s in
        s.editFloats("g.weights") { $0[2] = .infinity }
    },
    SectionDamage(name: "graph ends without weights", expected: "graph sections disagree") { s in
        s.editInt32s("g.ends") { $0 += [0, 1] }
    },
    SectionDamage(name: "a content neighbour that is the row itself", expected: "content neighbours of row 0") { s in
        s.editInt32s("c.entries") { $0[0] = 0 }
    },
    SectionDamage(name: "a content neighbour past the rows", expected: "content neighbours of row 1") { s in
        s.editInt32s("c.entries") { $0[$0.count / 12 + 3] = 99 }
    },
    SectionDamage(name: "a content neighbour after the padding", expected: "content neighbours of row 0") { s in
        s.editInt32s("c.entries") { $0[0] = -1 }
    },
    SectionDamage(name: "content neighbours for too few rows", expected: "content neighbour sections do not agree") { s in
        s.editInt32s("c.entries") { $0.removeLast() }
    },
    SectionDamage(name: "a NaN content floor", expected: "'c.floors' holds a value") { s in
        s.editFloats("c.floors") { $0[2] = .nan }
    },
    SectionDamage(name: "content floors without entries", expected: "'c.entries' and 'c.floors' is missing") { s in
        s.list.removeAll { $0.name == "c.entries" }
    },
    SectionDamage(name: "a blend with too few weights", expected: "bad ranking blend") { s in
        s[section: "blend"] = try! JSONEncoder().encode(BlendModel(weights: [1, 2], pairWeights: [], origin: "x"))
    },
]

@Suite struct IndexFileCorruptionTests {
    static func write(_ sections: [(name: String, data: Data)], to path: String) throws {
        let (header, payload) = IndexFile.encode(sections)
        try (header + payload).write(to: URL(fileURLWithPath: path))
    }

    @Test func aRichIndexRoundTrips() throws {
        let scratch = try Scratch()
        let index = try richIndex()
        let loaded = try IndexFile.write(index, to: scratch.file("q.qindex"))
        #expect(loaded.facts.role == index.facts.role && loaded.facts.offers == index.facts.offers)
        #expect(loaded.facts.groups == index.facts.groups && loaded.facts.groupSizes == index.facts.groupSizes)
        #expect(loaded.graph.edgeCount == 11 && loaded.blend == .default)
        #expect(try IndexFile.read(scratch.file("q.qindex")).ids == index.ids)
    }

    @Test(arguments: sectionDamages)
    func refusesADamagedSection(_ damage: SectionDamage) throws {
        let scratch = try Scratch()
        var sections = IndexSections(list: try IndexFile.sections(of: try richIndex()))
        damage.damage(&sections)
        try Self.write(sections.list, to: scratch.file("q.qindex"))
        let error = #expect(throws: MatchingError.self) { try IndexFile.read(scratch.file("q.qindex")) }
        #expect(error?.isCorruptIndex == true)
        #expect(error?.description.contains(damage.expected) == true, "got: \(error?.description ?? "")")
        #expect(error?.description.hasSuffix("run `qmatch build` to make a new index") == true)
    }

    /// Damage to the header and the section table, written over the bytes with the checksum recomputed.
    @Test(arguments: [
        ("payload length past Int.max", "truncated or extended"),
        ("section offset past Int.max", "out of bounds"),
        ("section length past Int.max", "out of bounds"),
        ("section offset misaligned", "out of bounds"),
        ("section inside the table", "out of bounds"),
        ("sections overlapping", "overlap"),
        ("no sections", "bad section table"),
        ("too many sections", "bad section table"),
    ])
    func refusesADamagedTable(_ damage: String, _ expected: String) throws {
        let scratch = try Scratch()
        let (header, payload) = IndexFile.encode(try IndexFile.sections(of: try richIndex()))
        var head = [UInt8](header), body = [UInt8](payload)
        func put(_ value: UInt64, at offset: Int, in bytes: inout [UInt8]) {
            for k in 0..<8 { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
        }
        func get(_ offset: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(body[offset + $1]) << (8 * UInt64($1)) } }
        switch damage {
        case "payload length past Int.max": put(UInt64.max - 3, at: 16, in: &head)
        case "section offset past Int.max": put(UInt64.max - 63, at: 16, in: &body)
        case "section length past Int.max": put(UInt64.max - 8, at: 32 + 24, in: &body)
        case "section offset misaligned": put(get(32 + 16) + 4, at: 32 + 16, in: &body)
        case "section inside the table": put(0, at: 16, in: &body)
        case "sections overlapping": put(get(16), at: 32 + 16, in: &body)
        case "no sections": head[12] = 0
        default: head[12] = 0xFF; head[13] = 0xFF
        }
        put(IndexFile.checksum(Data(body)), at: 24, in: &head)
        try Data(head + body).write(to: URL(fileURLWithPath: scratch.file("q.qindex")))
        let error = #expect(throws: MatchingError.self) { try IndexFile.read(scratch.file("q.qindex")) }
        #expect(error?.isCorruptIndex == true)
        #expect(error?.description.contains(expected) == true, "got: \(error?.description ?? "")")
    }

    /// Item 10: an index that the reader would refuse (here a merged weight that overflowed to +inf) is
    /// checked before the rename, so it never replaces the index in place.
    @Test func aBadNewIndexNeverReplacesTheOldOne() throws {
        let scratch = try Scratch()
        let path = scratch.file("q.qindex")
        let good = try richIndex()
        try IndexFile.write(good, to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let overflowing = try Graph(nodeCount: good.ids.count,
                                    edges: [WeightedEdge(0, 1, weight: 3e38), WeightedEdge(1, 0, weight: 3e38)])
        #expect(overflowing.weights.contains(.infinity))
        let bad = MatchingIndex(ids: good.ids, discoverable: good.discoverable, interests: good.interests,
                                model: good.model, facts: good.facts, graph: overflowing, builtAt: good.builtAt)
        let error = #expect(throws: MatchingError.self) { try IndexFile.write(bad, to: path) }
        #expect(error?.description.contains("failed its check") == true, "got: \(error?.description ?? "")")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["q.qindex"])
        #expect(try IndexFile.read(path).ids == good.ids)
    }
}
