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
/// `flags` (a byte per member), `vectors` (float32 rows × dimension), `idf`, `projection` (float32).
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

    /// Where the index lives by default: beside the database, `NAME.qindex`.
    public static func defaultPath(forDatabase database: String) -> String {
        let base = database.hasSuffix(".sqlite") ? String(database.dropLast(".sqlite".count)) : database
        return base + ".qindex"
    }

    /// Writes `index` to `path` atomically (temporary file, fsync, rename).
    /// - Throws: ``MatchingError`` on an I/O error; `path` is then unchanged.
    public static func write(_ index: MatchingIndex, to path: String) throws {
        let meta = Meta(rows: index.ids.count, dimension: index.interests.dimension, terms: index.model.terms.count,
                        builtAt: index.builtAt, weights: index.model.weights)
        var sections: [(String, Data)] = []
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

        let temporary = path + ".tmp-\(getpid())"
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
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw MatchingError.io("\(path): cannot rename into place (\(String(cString: strerror(errno))))")
        }
    }

    /// Loads and checks an index file: magic, version, length and checksum, then every section's bounds.
    /// - Throws: ``MatchingError`` (corrupt index) with what is wrong and "run `qmatch build`".
    public static func read(_ path: String) throws -> MatchingIndex {
        let file = try MappedFile(path: path)
        let bytes = file.bytes
        func corrupt(_ why: String) -> MatchingError {
            .corruptIndex("\(path): \(why); run `qmatch build` to make a new index")
        }
        guard bytes.count >= headerSize else { throw corrupt("not a qmatch index (the file is too short)") }
        guard Array(bytes[0..<8]) == magic else { throw corrupt("not a qmatch index (bad magic bytes)") }
        let version: UInt32 = bytes.loadLittleEndian(at: 8)
        guard version == formatVersion else {
            throw corrupt("index format version \(version), this qmatch reads version \(formatVersion)")
        }
        let sectionCount = Int(bytes.loadLittleEndian(at: 12) as UInt32)
        let payloadLength = Int(bytes.loadLittleEndian(at: 16) as UInt64)
        let expectedChecksum: UInt64 = bytes.loadLittleEndian(at: 24)
        guard bytes.count - headerSize == payloadLength else {
            throw corrupt("truncated or extended: \(bytes.count - headerSize) payload bytes, the header says \(payloadLength)")
        }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[headerSize...])
        guard checksum(payload) == expectedChecksum else { throw corrupt("checksum mismatch (the file is corrupt)") }
        guard sectionCount > 0, sectionCount <= 256, sectionCount * 32 <= payloadLength else {
            throw corrupt("bad section table")
        }
        var sections: [String: UnsafeRawBufferPointer] = [:]
        for i in 0..<sectionCount {
            let entry = i * 32
            let name = String(decoding: payload[entry..<(entry + 16)].prefix { $0 != 0 }, as: UTF8.self)
            let offset = Int(payload.loadLittleEndian(at: entry + 16) as UInt64)
            let length = Int(payload.loadLittleEndian(at: entry + 24) as UInt64)
            guard offset >= 0, length >= 0, offset <= payloadLength, length <= payloadLength - offset else {
                throw corrupt("section '\(name)' is out of bounds")
            }
            sections[name] = UnsafeRawBufferPointer(rebasing: payload[offset..<(offset + length)])
        }
        func section(_ name: String) throws -> UnsafeRawBufferPointer {
            guard let found = sections[name] else { throw corrupt("section '\(name)' is missing") }
            return found
        }
        let meta: Meta
        do { meta = try JSONDecoder().decode(Meta.self, from: Data(try section("meta"))) } catch let error as MatchingError {
            throw error
        } catch { throw corrupt("bad metadata") }
        let ids = lines(try section("ids"))
        let terms = lines(try section("terms"))
        let flags = try section("flags")
        let vectors = try section("vectors"), idf = try section("idf"), projection = try section("projection")
        let rows = meta.rows, d = meta.dimension
        guard rows >= 0, d >= 1, ids.count == rows, flags.count == rows, vectors.count == rows * d * 4,
              terms.count == meta.terms, idf.count == meta.terms * 4, projection.count == meta.terms * d * 4
        else { throw corrupt("section sizes do not agree with the metadata") }
        let categories = lines(try section("f.categories")), topics = lines(try section("f.topics"))
        let groupIDs = lines(try section("f.groups"))
        let codes = int32s(try section("f.codes"))
        guard codes.count == 4 * rows else { throw corrupt("section 'f.codes' has the wrong size") }
        func list(_ name: String) throws -> CSRList {
            let offsets = int32s(try section(name + ".o")), values = int32s(try section(name + ".v"))
            guard offsets.count == rows + 1, offsets.first == 0, offsets.last.map(Int.init) == values.count,
                  zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                throw corrupt("section '\(name)' is inconsistent")
            }
            return CSRList(offsets: offsets, values: values)
        }
        let facts = ProfileFacts(
            categories: categories, topics: topics, groupIDs: groupIDs, role: Array(codes[0..<rows]),
            sector: Array(codes[rows..<(2 * rows)]), region: Array(codes[(2 * rows)..<(3 * rows)]),
            nation: Array(codes[(3 * rows)..<(4 * rows)]), attributes: try list("f.attributes"),
            offers: try list("f.offers"), needs: try list("f.needs"), groups: try list("f.membership"),
            interests: try list("f.interests"),
            groupSizes: int32s(try section("f.groupsizes")))
        let ends = int32s(try section("g.ends")), edgeWeights = floats(try section("g.weights"))
        guard ends.count == 2 * edgeWeights.count else { throw corrupt("graph sections disagree") }
        let edges = (0..<edgeWeights.count).map { WeightedEdge(ends[2 * $0], ends[2 * $0 + 1], weight: edgeWeights[$0]) }
        let graph: Graph
        do { graph = try Graph(nodeCount: rows, edges: edges) } catch { throw corrupt("bad graph: \(error)") }
        var blend: BlendModel? = nil
        if let blendData = sections["blend"] {
            do { blend = try JSONDecoder().decode(BlendModel.self, from: Data(blendData)) } catch {
                throw corrupt("bad ranking blend")
            }
        }
        let storage = vectors.isEmpty ? FloatStorage([])
            : FloatStorage(base: vectors.baseAddress!.assumingMemoryBound(to: Float.self), count: rows * d, owner: file)
        let model = InterestModel(weights: meta.weights, dimension: d, terms: terms, idf: floats(idf),
                                  projection: floats(projection))
        return MatchingIndex(ids: ids, discoverable: flags.map { $0 != 0 },
                             interests: InterestMatrix(rows: rows, dimension: d, storage: storage, fastQueries: true), model: model,
                             facts: facts, graph: graph, blend: blend, builtAt: meta.builtAt)
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
