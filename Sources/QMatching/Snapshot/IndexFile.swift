import Foundation
import QGraph
import QLinearAlgebra
import QProfiles

/// The index snapshot on disk: one file, versioned and checksummed, written to a temporary file beside the
/// target and renamed into place, and memory-mapped on load (the vectors are used in place).
///
/// Layout (little-endian): a 64-byte header — magic `QMATCHIX`, format version (UInt32), section count
/// (UInt32), payload length (UInt64), payload checksum (UInt64, FNV-1a over 64-bit words) — then a section
/// table (per section: a 16-byte name, offset and length as UInt64, relative to the payload), then the
/// sections, each starting on a 64-byte boundary: `meta` (JSON), `ids` and `terms` (UTF-8, one per line),
/// `flags` (a byte per member), `vectors` (float32 rows × dimension), `idf`, `projection` (float32), the
/// ranking facts (`f.*`), the graph (`g.*`), the fitted `blend` (JSON), the learned ranking (`ranker`: JSON,
/// versioned; `ranker.trees`: the XGBoost model's bytes), and each row's nearest rows by content
/// (`c.entries`, Int32 rows × k; `c.floors`, float32 per row), optional; when the index has an approximate
/// content index, `ann.meta` (JSON), `ann.centroids` (float32 lists × dimension), `ann.offsets` (int32
/// lists + 1) and `ann.members` (int32, every row once, grouped by list). Readers that predate a section
/// ignore it, so the format version stays 1.
public enum IndexFile {
    public static let formatVersion: UInt32 = 1
    static let magic = Array("QMATCHIX".utf8)
    static let headerSize = 64

    struct Meta: Codable {
        var rows: Int
        var dimension: Int
        var terms: Int
        var builtAt: String
        var weights: FieldWeights
    }

    /// The metadata of the approximate index's sections.
    struct ClusterMeta: Codable {
        var lists: Int
        var dimension: Int
        var probes: Int
        var recall: Double?
    }

    /// Where the index lives by default: beside the database, `NAME.qindex`; for a PostgreSQL database (a URL),
    /// `DATABASE.qindex` in the current directory.
    public static func defaultPath(forDatabase database: String) -> String {
        if case .server(let address)? = try? DatabaseLocation(database) { return address.database + ".qindex" }
        let base = database.hasSuffix(".sqlite") ? String(database.dropLast(".sqlite".count)) : database
        return base + ".qindex"
    }

    /// Writes `index` to `path` atomically: a temporary file, fsync, then the file is read back and checked
    /// as ``read(_:)`` would, and only then renamed into place.
    /// - Returns: the index as read back from the new file (memory-mapped).
    /// - Throws: ``MatchingError`` on an I/O error or when the new file fails its check; `path` is then unchanged.
    /// - Complexity: O(file size) for the write and again for the check.
    @discardableResult
    public static func write(_ index: MatchingIndex, to path: String) throws -> MatchingIndex {
        let (header, payload) = encode(try sections(of: index))

        _ = TemporaryFile.removeAbandoned(of: path)
        let temporary = TemporaryFile.path(for: path)
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw MatchingError.io("\(path): cannot create \(temporary)")
        }
        do {
            try handle.write(contentsOf: header)
            try handle.write(contentsOf: payload)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw MatchingError.io("\(path): write failed (\(error.localizedDescription))")
        }
        // Read back and check the new file before it replaces anything: a file that the reader would refuse
        // never reaches `path`.
        let verified: MatchingIndex
        do {
            let file = try MappedFile(path: temporary)
            verified = try decode(file.bytes, owner: file, source: path)
            guard verified.ids == index.ids, verified.interests.dimension == index.interests.dimension,
                  verified.model.terms.count == index.model.terms.count,
                  verified.graph.edgeCount == index.graph.edgeCount, verified.clusters == index.clusters,
                  verified.ranker?.model == index.ranker?.model else {
                throw MatchingError.corruptIndex("it reads back different from what was written")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw MatchingError.io("\(path): the new index failed its check and was not put in place (\(error)); "
                + "the index there is unchanged")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw MatchingError.io("\(path): cannot rename into place (\(String(cString: strerror(errno))))")
        }
        return verified
    }

    /// The sections of `index`, in file order: name (at most 16 bytes of UTF-8) and contents.
    static func sections(of index: MatchingIndex) throws -> [(name: String, data: Data)] {
        let meta = Meta(rows: index.ids.count, dimension: index.interests.dimension, terms: index.model.terms.count,
                        builtAt: index.builtAt, weights: index.model.weights)
        var sections: [(name: String, data: Data)] = []
        sections.append(("meta", try JSONEncoder().encode(meta)))
        sections.append(("ids", Data(index.ids.joined(separator: "\n").utf8)))
        sections.append(("flags", Data(index.discoverable.map { $0 ? 1 : 0 })))
        sections.append(("vectors", Data(buffer: index.interests.values)))
        sections.append(("terms", Data(index.model.terms.joined(separator: "\n").utf8)))
        sections.append(("idf", index.model.idf.withUnsafeBufferPointer { Data(buffer: $0) }))
        sections.append(("projection", index.model.projection.withUnsafeBufferPointer { Data(buffer: $0) }))
        let facts = index.facts
        sections.append(("f.categories", Data(facts.categories.joined(separator: "\n").utf8)))
        sections.append(("f.topics", Data(facts.topics.joined(separator: "\n").utf8)))
        sections.append(("f.groups", Data(facts.groupIDs.joined(separator: "\n").utf8)))
        sections.append(("f.codes", data(facts.role + facts.sector + facts.region + facts.nation)))
        for (name, list) in [("f.attributes", facts.attributes), ("f.offers", facts.offers), ("f.needs", facts.needs),
                             ("f.membership", facts.groups), ("f.interests", facts.interests)] {
            sections.append((name + ".o", data(list.offsets)))
            sections.append((name + ".v", data(list.values)))
        }
        sections.append(("f.groupsizes", data(facts.groupSizes)))
        var ends: [Int32] = [], edgeWeights: [Float] = []
        let graph = index.graph
        for node in 0..<graph.nodeCount {
            for e in graph.offsets[node]..<graph.offsets[node + 1] where Int(graph.targets[e]) > node {
                ends.append(Int32(node))
                ends.append(graph.targets[e])
                edgeWeights.append(graph.weights[e])
            }
        }
        sections.append(("g.ends", data(ends)))
        sections.append(("g.weights", edgeWeights.withUnsafeBufferPointer { Data(buffer: $0) }))
        if let blend = index.blend { sections.append(("blend", try JSONEncoder().encode(blend))) }
        if let ranker = index.ranker {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys   // the same ranker writes the same bytes
            sections.append(("ranker", try encoder.encode(ranker.stored)))
            sections.append(("ranker.trees", Data(ranker.model)))
        }
        if let clusters = index.clusters {
            let meta = ClusterMeta(lists: clusters.lists, dimension: clusters.dimension, probes: clusters.probes,
                                   recall: clusters.recall)
            sections.append(("ann.meta", try JSONEncoder().encode(meta)))
            sections.append(("ann.centroids", clusters.centroids.withUnsafeBufferPointer { Data(buffer: $0) }))
            sections.append(("ann.offsets", data(clusters.offsets)))
            sections.append(("ann.members", data(clusters.members)))
        }
        if let lists = index.contentNeighbours {
            sections.append(("c.entries", data(lists.entries)))
            sections.append(("c.floors", lists.floors.withUnsafeBufferPointer { Data(buffer: $0) }))
        }

        return sections
    }

    /// The header and the payload (section table, then the sections on 64-byte boundaries) of a file
    /// holding `sections`.
    static func encode(_ sections: [(name: String, data: Data)]) -> (header: Data, payload: Data) {
        var table = Data()
        let tableSize = sections.count * 32
        var offset = align(tableSize)
        for (name, data) in sections {
            var nameBytes = Array(name.utf8)
            nameBytes += [UInt8](repeating: 0, count: 16 - nameBytes.count)
            table.append(contentsOf: nameBytes)
            table.append(littleEndian: UInt64(offset))
            table.append(littleEndian: UInt64(data.count))
            offset = align(offset + data.count)
        }
        var payload = table
        payload.append(Data(count: align(tableSize) - tableSize))
        for (_, data) in sections {
            payload.append(data)
            payload.append(Data(count: align(data.count) - data.count))
        }
        var header = Data(magic)
        header.append(littleEndian: formatVersion)
        header.append(littleEndian: UInt32(sections.count))
        header.append(littleEndian: UInt64(payload.count))
        header.append(littleEndian: checksum(payload))
        header.append(Data(count: headerSize - header.count))

        return (header, payload)
    }

    static func lines(_ bytes: UnsafeRawBufferPointer) -> [String] {
        guard !bytes.isEmpty else { return [] }
        return bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    static func floats(_ bytes: UnsafeRawBufferPointer) -> [Float] {
        [Float](unsafeUninitializedCapacity: bytes.count / 4) { out, count in
            UnsafeMutableRawBufferPointer(out).copyMemory(from: bytes)
            count = bytes.count / 4
        }
    }

    static func int32s(_ bytes: UnsafeRawBufferPointer) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: bytes.count / 4) { out, count in
            UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count / 4 * 4)]))
            count = bytes.count / 4
        }
    }

    static func data(_ values: [Int32]) -> Data { values.withUnsafeBufferPointer { Data(buffer: $0) } }

    static func align(_ value: Int) -> Int { (value + 63) & ~63 }

    /// FNV-1a over 64-bit little-endian words (the tail zero-padded), mixed with the length.
    static func checksum(_ data: Data) -> UInt64 { data.withUnsafeBytes { checksum($0) } }

    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = FNV1a()
        let words = bytes.count / 8
        for i in 0..<words { hash.add(bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
        var tail: UInt64 = 0
        for (shift, byte) in bytes[(words * 8)...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(shift)) }
        hash.add(tail)
        hash.add(UInt64(bytes.count))
        return hash.value
    }
}

extension Data {
    mutating func append<T: FixedWidthInteger>(littleEndian value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

extension UnsafeRawBufferPointer {
    func loadLittleEndian<T: FixedWidthInteger>(at offset: Int) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
