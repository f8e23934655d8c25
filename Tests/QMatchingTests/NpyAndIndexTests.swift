import Foundation
import Testing
@testable import QMatching
@testable import QProfiles

final class Scratch {
    let path = NSTemporaryDirectory() + "qmatch-m-" + UUID().uuidString
    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
}

/// A `.npy` with a hand-written header, for the rejection tests.
func npy(header: String, payload: [UInt8], version: UInt8 = 1) -> [UInt8] {
    var text = header
    let pad = (64 - (10 + text.utf8.count + 1) % 64) % 64
    text += String(repeating: " ", count: pad) + "\n"
    let length = text.utf8.count
    return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
        + Array(text.utf8) + payload
}

struct BadNpy: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let expected: String
    var testDescription: String { name }
}

let floatPayload = [UInt8](repeating: 0, count: 2 * 3 * 4)
let badNpys: [BadNpy] = [
    BadNpy(name: "wrong dtype", bytes: npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                                            payload: floatPayload + floatPayload), expected: "dtype '<f8' is not supported"),
    BadNpy(name: "big-endian", bytes: npy(header: "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }",
                                          payload: floatPayload), expected: "dtype '>f4'"),
    BadNpy(name: "Fortran order", bytes: npy(header: "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
                                             payload: floatPayload), expected: "Fortran order"),
    BadNpy(name: "not 2-D", bytes: npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }",
                                       payload: floatPayload), expected: "has 1 dimension"),
    BadNpy(name: "3-D", bytes: npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }",
                                   payload: floatPayload), expected: "has 3 dimensions"),
    BadNpy(name: "truncated data", bytes: npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                                              payload: Array(floatPayload.prefix(10))), expected: "truncated data: 10 bytes"),
    BadNpy(name: "extra data", bytes: npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                                          payload: floatPayload + [1, 2, 3, 4]), expected: "4 bytes after the data"),
    BadNpy(name: "bad magic", bytes: Array("not an npy file at all".utf8), expected: "not a .npy file"),
    BadNpy(name: "bad header", bytes: npy(header: "{'fortran_order': False, 'shape': (2, 3), }", payload: floatPayload),
           expected: "bad header: no 'descr'"),
    BadNpy(name: "bad shape", bytes: npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }",
                                         payload: floatPayload), expected: "bad shape"),
    BadNpy(name: "truncated header", bytes: Array(npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                                                      payload: []).prefix(30)), expected: "truncated header"),
]

/// Sizes that overflow, allocate without bound or run past the bytes.
let impossibleNpys: [([UInt8], String)] = [
    (npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 8), }", payload: []),
     "is too large"),
    (npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999, 1), }", payload: []),
     "bad shape"),
    (npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 3), }", payload: []), "bad shape"),
    (npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }", payload: []),
     "truncated data"),
    ([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 2, 0, 0xFF, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0x20, count: 64),
     "the header is 4294967295 bytes long"),
    (Array(npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", payload: []).prefix(11)),
     "truncated header"),
]

@Suite struct NpyTests {
    @Test func roundTrips() throws {
        let scratch = try Scratch()
        let values: [Float] = [1, 2, 3, 4, 5, 6]
        try NpyFile.write(values, rows: 2, columns: 3, to: scratch.file("a.npy"))
        let read = try NpyFile.readMatrix(scratch.file("a.npy"))
        #expect(read.rows == 2 && read.columns == 3 && read.values == values)
        // Version 2 headers are read too.
        let v2 = npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", payload: [0, 0, 128, 63, 0, 0, 0, 64])
        var bytes = Array(v2.prefix(8)) + [UInt8(v2[8]), UInt8(v2[9]), 0, 0] + Array(v2.dropFirst(10))
        bytes[6] = 2
        try Data(bytes).write(to: URL(fileURLWithPath: scratch.file("v2.npy")))
        #expect(try NpyFile.readMatrix(scratch.file("v2.npy")).values == [1, 2])
        // Zero rows.
        try NpyFile.write([Float](), rows: 0, columns: 4, to: scratch.file("empty.npy"))
        #expect(try NpyFile.readMatrix(scratch.file("empty.npy")).rows == 0)
    }

    @Test(arguments: badNpys)
    func rejectsMalformedFiles(_ bad: BadNpy) throws {
        let scratch = try Scratch()
        let path = scratch.file("bad.npy")
        try Data(bad.bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: MatchingError.self) { try NpyFile.readMatrix(path) }
        #expect(error?.description.contains(bad.expected) == true, "got: \(error?.description ?? "")")
        #expect(error?.description.hasPrefix(path) == true)
    }

    @Test(arguments: badNpys)
    func rejectsMalformedBytes(_ bad: BadNpy) {
        let error = #expect(throws: MatchingError.self) { try NpyFile.matrix(from: Data(bad.bytes), name: "v.npy") }
        #expect(error?.description.contains(bad.expected) == true, "got: \(error?.description ?? "")")
    }

    /// Sizes that would overflow or allocate without bound are refused before anything is allocated.
    @Test(arguments: impossibleNpys)
    func refusesImpossibleSizes(_ bytes: [UInt8], _ expected: String) throws {
        let error = #expect(throws: MatchingError.self) { try NpyFile.matrix(from: Data(bytes), name: "v.npy") }
        #expect(error?.description.contains(expected) == true, "got: \(error?.description ?? "")")
        let scratch = try Scratch()
        try Data(bytes).write(to: URL(fileURLWithPath: scratch.file("v.npy")))
        let fromFile = #expect(throws: MatchingError.self) { try NpyFile.readMatrix(scratch.file("v.npy")) }
        #expect(fromFile?.description.contains(expected) == true, "got: \(fromFile?.description ?? "")")
    }

    @Test func rejectsAMissingFile() {
        #expect(throws: MatchingError.self) { try NpyFile.readMatrix("/nonexistent/v.npy") }
    }

    @Test func knnContractCoversEdgeCases() {
        // k ≥ N: padded; N = 1: all padding; N = 0: empty.
        let three: [Float] = [1, 0, 0.9, 0.1, 0, 1]
        let result = VectorSet.nearestNeighbours(three, rows: 3, dimension: 2, k: 4)
        #expect(result.indices == [1, 2, -1, -1, 0, 2, -1, -1, 1, 0, -1, -1])
        #expect(result.scores[2] == -.infinity)
        let one = VectorSet.nearestNeighbours([1, 2], rows: 1, dimension: 2, k: 2)
        #expect(one.indices == [-1, -1])
        let none = VectorSet.nearestNeighbours([], rows: 0, dimension: 5, k: 3)
        #expect(none.indices.isEmpty && none.scores.isEmpty)
        // A NaN row is nobody's neighbour and has none itself.
        let withNaN = VectorSet.nearestNeighbours([1, 0, .nan, 1, 0.5, 0.5], rows: 3, dimension: 2, k: 2)
        #expect(withNaN.indices == [2, -1, -1, -1, 0, -1])
    }
}

@Suite struct IndexFileTests {
    static func sampleIndex() -> MatchingIndex {
        let allTopics = ["falls", "sepsis", "frailty", "dementia"]
        var members: [Member] = []
        for i in 0..<40 {
            var topics: [String] = []
            for (offset, topic) in allTopics.enumerated() where (offset + i) % 3 != 0 { topics.append(topic) }
            members.append(Member(id: "x\(i)", role: i % 2 == 0 ? "nurse" : "manager", topics: topics,
                                  bio: "works on ward safety \(i % 5)", discoverable: i % 7 != 3))
        }
        let (model, vectors) = Featurizer.fit(members, dimension: 8)
        return MatchingIndex(ids: members.map { $0.id }, discoverable: members.map { $0.discoverable },
                             interests: InterestMatrix(rows: 40, dimension: 8, values: vectors), model: model,
                             builtAt: "2026-11-27T00:00:00Z")
    }

    @Test func roundTripsThroughAMappedFile() throws {
        let scratch = try Scratch()
        let index = Self.sampleIndex()
        let path = scratch.file("q.qindex")
        try IndexFile.write(index, to: path)
        let loaded = try IndexFile.read(path)
        #expect(loaded.ids == index.ids && loaded.discoverable == index.discoverable)
        #expect(Array(loaded.interests.values) == Array(index.interests.values))
        #expect(loaded.model.terms == index.model.terms && loaded.model.idf == index.model.idf)
        #expect(loaded.model.projection == index.model.projection && loaded.builtAt == index.builtAt)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp-\(getpid())"))
    }

    @Test(arguments: ["flip", "truncate", "extend", "magic", "version", "empty"])
    func refusesADamagedFile(_ damage: String) throws {
        let scratch = try Scratch()
        let path = scratch.file("q.qindex")
        try IndexFile.write(Self.sampleIndex(), to: path)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        switch damage {
        case "flip": bytes[bytes.count / 2] ^= 0x40
        case "truncate": bytes.removeLast(100)
        case "extend": bytes += [0, 0, 0, 0]
        case "magic": bytes[0] = UInt8(ascii: "X")
        case "version": bytes[8] = 99
        default: bytes = []
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: MatchingError.self) { try IndexFile.read(path) }
        #expect(error?.isCorruptIndex == true)
        #expect(error?.description.contains("run `qmatch build`") == true)
    }

    @Test func missingIndexIsNotFound() {
        let error = #expect(throws: MatchingError.self) { try IndexFile.read("/nonexistent/q.qindex") }
        #expect(error?.isNotFound == true)
    }
}
