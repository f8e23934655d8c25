import Foundation
import QGraph
import QProfiles

extension IndexFile {
    /// Loads and checks an index file (see ``decode(_:owner:source:)`` for what is checked).
    /// - Throws: ``MatchingError``: not found when there is no file; corrupt index, with what is wrong and
    ///   "run `qmatch build`", when any field of it is wrong.
    /// - Complexity: O(file size).
    public static func read(_ path: String) throws -> MatchingIndex {
        let file = try MappedFile(path: path)
        return try decode(file.bytes, owner: file, source: path)
    }

    /// Decodes an index from `bytes`, which `owner` keeps alive (the vectors are used in place).
    ///
    /// Every field is checked before it is used, so that a damaged or crafted file is refused and never traps:
    /// header (magic, version, length as unsigned, then the checksum over the payload), the section table
    /// (names unique, offsets 64-byte aligned, in bounds and not overlapping), the metadata (counts with
    /// overflow-safe size arithmetic, dimension 1...4096, finite field weights), every section's size
    /// against the metadata, ids (valid and unique), floats (finite), category, topic and group codes (in
    /// range), CSR sections (offsets from 0, monotone, ending at the value count), group sizes (equal to the
    /// memberships), graph edges (in range, ordered, no duplicates, finite positive weights), the blend and the
    /// learned ranking (its version, features and affinity table; XGBoost must read its trees).
    /// - Throws: ``MatchingError`` (corrupt index) naming `source`, what is wrong and "run `qmatch build`".
    /// - Complexity: O(`bytes.count` + edges × log(max degree)).
    static func decode(_ bytes: UnsafeRawBufferPointer, owner: AnyObject, source: String) throws -> MatchingIndex {
        func corrupt(_ why: String) -> MatchingError {
            .corruptIndex("\(source): \(why); run `qmatch build` to make a new index")
        }
        // Header: nothing past it is read before the length and the checksum agree.
        guard bytes.count >= headerSize else { throw corrupt("not a qmatch index (the file is too short)") }
        guard bytes[0..<8].elementsEqual(magic) else { throw corrupt("not a qmatch index (bad magic bytes)") }
        let version: UInt32 = bytes.loadLittleEndian(at: 8)
        guard version == formatVersion else {
            throw corrupt("index format version \(version), this qmatch reads version \(formatVersion)")
        }
        let sectionCount = Int(bytes.loadLittleEndian(at: 12) as UInt32)
        let declaredLength: UInt64 = bytes.loadLittleEndian(at: 16)
        let expectedChecksum: UInt64 = bytes.loadLittleEndian(at: 24)
        guard declaredLength == UInt64(bytes.count - headerSize) else {
            throw corrupt("truncated or extended: \(bytes.count - headerSize) payload bytes, the header says \(declaredLength)")
        }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[headerSize...])
        // The checksum (one serial pass over the whole file, a second or more at a million members) runs on a
        // thread of its own while the payload is decoded. Decoding bytes not yet checked is safe, since every
        // field is checked before use (the checksum detects damage; it is no defence against a crafted file).
        // Its verdict comes first whatever the decoding found, as if it had been checked first.
        let checksumming = BackgroundChecksum(payload)
        let decoded = Result { try decodePayload(payload, sectionCount: sectionCount, owner: owner, corrupt: corrupt) }
        guard checksumming.value() == expectedChecksum else { throw corrupt("checksum mismatch (the file is corrupt)") }
        return try decoded.get()
    }

    /// The payload's sections, decoded and checked (see ``decode(_:owner:source:)``).
    private static func decodePayload(_ payload: UnsafeRawBufferPointer, sectionCount: Int, owner: AnyObject,
                                      corrupt: (String) -> MatchingError) throws -> MatchingIndex {
        let sections = try sectionTable(payload, count: sectionCount, corrupt: corrupt)
        func section(_ name: String) throws -> UnsafeRawBufferPointer {
            guard let found = sections[name] else { throw corrupt("section '\(name)' is missing") }
            return found
        }
        func int32s(_ name: String) throws -> [Int32] {
            let raw = try section(name)
            guard raw.count % 4 == 0 else { throw corrupt("section '\(name)' is \(raw.count) bytes (expected a multiple of 4)") }
            return IndexFile.int32s(raw)
        }
        func floats(_ name: String) throws -> [Float] {
            let raw = try section(name)
            guard raw.count % 4 == 0 else { throw corrupt("section '\(name)' is \(raw.count) bytes (expected a multiple of 4)") }
            let values = IndexFile.floats(raw)
            guard values.allSatisfy(\.isFinite) else { throw corrupt("section '\(name)' holds a value that is not finite") }
            return values
        }

        // Metadata and the sizes it implies, all with overflow-safe arithmetic.
        guard let meta = try? JSONDecoder().decode(Meta.self, from: Data(try section("meta"))) else {
            throw corrupt("bad metadata (expected a JSON object with rows, dimension, terms, builtAt, weights)")
        }
        let rows = meta.rows, d = meta.dimension
        guard rows >= 0, rows < Int(Int32.max), (1...4096).contains(d), meta.terms >= 0, meta.terms < Int(Int32.max) else {
            throw corrupt("bad metadata: \(rows) rows, dimension \(d), \(meta.terms) terms (expected counts "
                + "0..<\(Int32.max) and a dimension 1...4096)")
        }
        guard Mirror(reflecting: meta.weights).children.allSatisfy({ ($0.value as? Float).map { $0.isFinite && $0 >= 0 } ?? true })
        else { throw corrupt("bad metadata: a field weight is negative or not finite") }
        func bytesOf(_ counts: Int...) -> Int? {
            var total = 4
            for count in counts {
                let (product, overflow) = total.multipliedReportingOverflow(by: count)
                if overflow { return nil }
                total = product
            }
            return total
        }
        let ids = lines(try section("ids")), terms = lines(try section("terms"))
        let flags = try section("flags"), vectors = try section("vectors")
        guard ids.count == rows, flags.count == rows, vectors.count == bytesOf(rows, d), terms.count == meta.terms,
              try section("idf").count == bytesOf(meta.terms), try section("projection").count == bytesOf(meta.terms, d)
        else {
            throw corrupt("section sizes do not agree with the metadata (\(rows) rows × dimension \(d), \(meta.terms) terms)")
        }
        guard vectors.count == 0 || Int(bitPattern: vectors.baseAddress) % MemoryLayout<Float>.alignment == 0 else {
            throw corrupt("section 'vectors' is not aligned")
        }
        // The row of each id, which the index keeps: built here, where it also finds an id given twice.
        var rowOfID = [MemberID: Int](minimumCapacity: rows)
        for (row, id) in ids.enumerated() {
            if let problem = JSONInput.identifierProblem(id) { throw corrupt("member id of row \(row): \(problem)") }
            guard rowOfID.updateValue(row, forKey: id) == nil else { throw corrupt("member id '\(id)' appears twice") }
        }
        guard flags.allSatisfy({ $0 <= 1 }) else { throw corrupt("section 'flags' holds a value other than 0 or 1") }
        guard Set(terms).count == terms.count else { throw corrupt("section 'terms' holds a term twice") }
        let vectorValues = UnsafeBufferPointer(start: vectors.baseAddress?.assumingMemoryBound(to: Float.self),
                                               count: vectors.count / 4)
        guard vectorValues.allSatisfy(\.isFinite) else { throw corrupt("section 'vectors' holds a value that is not finite") }
        let idf = try floats("idf"), projection = try floats("projection")

        // Ranking facts: every code is checked against the table it indexes.
        let categories = lines(try section("f.categories")), topics = lines(try section("f.topics"))
        let groupIDs = lines(try section("f.groups"))
        let codes = try int32s("f.codes")
        guard codes.count == 4 * rows else {
            throw corrupt("section 'f.codes' has \(codes.count) codes (expected 4 × \(rows) rows)")
        }
        guard codes.allSatisfy({ $0 >= -1 && Int($0) < categories.count }) else {
            throw corrupt("section 'f.codes' holds a code outside -1..<\(categories.count)")
        }
        func list(_ name: String, codesBelow bound: Int) throws -> CSRList {
            let offsets = try int32s(name + ".o"), values = try int32s(name + ".v")
            guard offsets.count == rows + 1, offsets.first == 0, offsets.last.map(Int.init) == values.count,
                  zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                throw corrupt("section '\(name)' is inconsistent (expected \(rows + 1) ascending offsets from 0 "
                    + "to the number of values)")
            }
            guard values.allSatisfy({ $0 >= 0 && Int($0) < bound }) else {
                throw corrupt("section '\(name)' holds a code outside 0..<\(bound)")
            }
            return CSRList(offsets: offsets, values: values)
        }
        let memberships = try list("f.membership", codesBelow: groupIDs.count)
        let groupSizes = try int32s("f.groupsizes")
        var counted = [Int32](repeating: 0, count: groupIDs.count)
        for code in memberships.values { counted[Int(code)] += 1 }
        guard groupSizes == counted else {
            throw corrupt("section 'f.groupsizes' does not agree with the memberships")
        }
        let facts = ProfileFacts(
            categories: categories, topics: topics, groupIDs: groupIDs, role: Array(codes[0..<rows]),
            sector: Array(codes[rows..<(2 * rows)]), region: Array(codes[(2 * rows)..<(3 * rows)]),
            nation: Array(codes[(3 * rows)..<(4 * rows)]), attributes: try list("f.attributes", codesBelow: categories.count),
            offers: try list("f.offers", codesBelow: topics.count), needs: try list("f.needs", codesBelow: topics.count),
            groups: memberships, interests: try list("f.interests", codesBelow: topics.count), groupSizes: groupSizes)

        // The graph: each edge once, as written (source < target, in ascending order), so nothing merges.
        let ends = try int32s("g.ends"), edgeWeights = try floats("g.weights")
        guard ends.count == 2 * edgeWeights.count else {
            throw corrupt("graph sections disagree (\(ends.count) ends for \(edgeWeights.count) weights)")
        }
        var previous: (Int32, Int32) = (-1, -1)
        for e in 0..<edgeWeights.count {
            let s = ends[2 * e], t = ends[2 * e + 1]
            guard s >= 0, s < t, Int(t) < rows, previous < (s, t), edgeWeights[e] > 0 else {
                throw corrupt("graph edge \(e) (\(s) - \(t), weight \(edgeWeights[e])) is not allowed (expected nodes "
                    + "0 ≤ source < target < \(rows) in ascending order, each pair once, weight > 0)")
            }
            previous = (s, t)
        }
        // Edges in the order checked above: the rows come out sorted without a sort.
        let graph: Graph
        do { graph = try Graph(nodeCount: rows, orderedEnds: ends, weights: edgeWeights) } catch {
            throw corrupt("bad graph: \(error)")
        }

        var blend: BlendModel? = nil
        if let blendData = sections["blend"] {
            guard let decoded = try? JSONDecoder().decode(BlendModel.self, from: Data(blendData)),
                  decoded.weights.count == BlendModel.Signal.allCases.count,
                  decoded.pairWeights.count == BlendModel.pairBuckets,
                  decoded.weights.allSatisfy(\.isFinite), decoded.pairWeights.allSatisfy(\.isFinite) else {
                throw corrupt("bad ranking blend (expected \(BlendModel.Signal.allCases.count) weights and "
                    + "\(BlendModel.pairBuckets) pair weights, all finite)")
            }
            blend = decoded
        }

        var ranker: LearnedRanker? = nil
        if let rankerData = sections["ranker"] {
            guard let trees = sections["ranker.trees"] else { throw corrupt("section 'ranker.trees' is missing") }
            do { ranker = try LearnedRanker.decode(Data(rankerData), model: Array(trees)) } catch let error as MatchingError {
                throw corrupt(error.description)
            }
        }
        let clusters = try sections["ann.meta"].map { meta in
            try decodeClusters(meta: meta, section: section, rows: rows, dimension: d, corrupt: corrupt)
        }

        let storage = vectorValues.isEmpty ? FloatStorage([])
            : FloatStorage(base: vectorValues.baseAddress!, count: rows * d, owner: owner)
        // The half-precision copy (half a gigabyte at a million members) is made while the server gets ready.
        let interests = InterestMatrix(rows: rows, dimension: d, storage: storage, fastQueries: true,
                                       halfInBackground: true)

        // Content neighbour lists: both sections or neither; rows × k entries, each another row or -1
        // padding at the end of a list; a floor per row (-∞ or finite).
        var neighbours: ContentNeighbours? = nil
        switch (sections["c.entries"] != nil, sections["c.floors"] != nil) {
        case (false, false): break
        case (true, true):
            let entries = try int32s("c.entries")
            let floorBytes = try section("c.floors")
            guard floorBytes.count == bytesOf(rows), rows > 0, entries.count % rows == 0, entries.count / rows >= 1
            else {
                throw corrupt("content neighbour sections do not agree with \(rows) rows (expected rows × k entries "
                    + "and a floor per row)")
            }
            let k = entries.count / rows
            for row in 0..<rows {
                var padded = false
                for j in 0..<k {
                    let entry = entries[row * k + j]
                    guard entry >= -1, Int(entry) < rows, Int(entry) != row, !(padded && entry >= 0) else {
                        throw corrupt("content neighbours of row \(row): entry \(j) is \(entry) (expected another row "
                            + "0..<\(rows), or -1 after the last)")
                    }
                    if entry < 0 { padded = true }
                }
            }
            let floors = IndexFile.floats(floorBytes)
            guard floors.allSatisfy({ $0.isFinite || $0 == -.infinity }) else {
                throw corrupt("section 'c.floors' holds a value that is neither finite nor -∞")
            }
            neighbours = ContentNeighbours(k: k, entries: entries, floors: floors,
                                           maxRowNorm: ContentNeighbours.maxNorm(of: interests))
        default:
            throw corrupt("one of the content neighbour sections 'c.entries' and 'c.floors' is missing")
        }

        let model = InterestModel(weights: meta.weights, dimension: d, terms: terms, idf: idf, projection: projection)
        return MatchingIndex(ids: ids, discoverable: flags.map { $0 != 0 }, interests: interests,
                             model: model, facts: facts, graph: graph, blend: blend, ranker: ranker,
                             builtAt: meta.builtAt, contentNeighbours: neighbours, clusters: clusters,
                             rowOfID: rowOfID)
    }

    /// The approximate index's sections, each checked: the metadata (lists 1...rows, the index's dimension,
    /// probes 1...lists, recall in 0...1), finite centroids of the right count, list offsets ascending from 0
    /// to the rows, and members holding every row exactly once.
    private static func decodeClusters(meta: UnsafeRawBufferPointer, section: (String) throws -> UnsafeRawBufferPointer,
                                       rows: Int, dimension d: Int,
                                       corrupt: (String) -> MatchingError) throws -> ClusterIndex {
        func bad(_ why: String) -> MatchingError { corrupt("bad approximate index: \(why)") }
        guard let meta = try? JSONDecoder().decode(ClusterMeta.self, from: Data(meta)) else {
            throw bad("section 'ann.meta' is not the expected JSON (lists, dimension, probes, recall)")
        }
        guard meta.lists >= 1, meta.lists <= max(rows, 1), meta.dimension == d, (1...meta.lists).contains(meta.probes),
              meta.recall.map({ $0 >= 0 && $0 <= 1 }) ?? true else {
            throw bad("\(meta.lists) lists of dimension \(meta.dimension), \(meta.probes) probes (expected 1...\(max(rows, 1)) "
                + "lists of dimension \(d), probes 1...lists, recall 0...1)")
        }
        let centroidBytes = try section("ann.centroids"), offsetBytes = try section("ann.offsets")
        let memberBytes = try section("ann.members")
        guard centroidBytes.count == meta.lists * d * 4, offsetBytes.count == (meta.lists + 1) * 4,
              memberBytes.count == rows * 4 else {
            throw bad("section sizes do not agree with \(meta.lists) lists × dimension \(d) over \(rows) rows")
        }
        let centroids = floats(centroidBytes)
        guard centroids.allSatisfy(\.isFinite) else { throw bad("a centroid holds a value that is not finite") }
        let offsets = int32s(offsetBytes), members = int32s(memberBytes)
        guard offsets.first == 0, offsets.last.map(Int.init) == rows, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
        else { throw bad("section 'ann.offsets' is inconsistent (expected ascending offsets from 0 to \(rows))") }
        var seen = [Bool](repeating: false, count: rows)
        for member in members {
            guard member >= 0, Int(member) < rows, !seen[Int(member)] else {
                throw bad("section 'ann.members' does not hold every row 0..<\(rows) exactly once")
            }
            seen[Int(member)] = true
        }
        return ClusterIndex(dimension: d, centroids: centroids, offsets: offsets, members: members,
                            probes: meta.probes, recall: meta.recall)
    }

    /// The sections by name, each checked: a unique name, 64-byte aligned, after the table, inside the
    /// payload, not overlapping another.
    private static func sectionTable(_ payload: UnsafeRawBufferPointer, count: Int,
                                     corrupt: (String) -> MatchingError) throws -> [String: UnsafeRawBufferPointer] {
        guard count > 0, count <= 256, count * 32 <= payload.count else {
            throw corrupt("bad section table (\(count) sections in \(payload.count) bytes)")
        }
        let tableEnd = align(count * 32)
        var sections: [String: UnsafeRawBufferPointer] = [:]
        var extents: [(start: Int, end: Int, name: String)] = []
        for i in 0..<count {
            let entry = i * 32
            let nameBytes = payload[entry..<(entry + 16)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            let offset: UInt64 = payload.loadLittleEndian(at: entry + 16)
            let length: UInt64 = payload.loadLittleEndian(at: entry + 24)
            guard offset >= UInt64(tableEnd), offset % 64 == 0, offset <= UInt64(payload.count),
                  length <= UInt64(payload.count) - offset else {
                throw corrupt("section '\(name)' is out of bounds (offset \(offset), \(length) bytes, payload "
                    + "\(payload.count) bytes)")
            }
            guard !name.isEmpty, sections[name] == nil else {
                throw corrupt("section #\(i) '\(name)' is unnamed or named twice")
            }
            let start = Int(offset), end = Int(offset) + Int(length)
            sections[name] = UnsafeRawBufferPointer(rebasing: payload[start..<end])
            extents.append((start, end, name))
        }
        extents.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        for (a, b) in zip(extents, extents.dropFirst()) where a.end > b.start {
            throw corrupt("sections '\(a.name)' and '\(b.name)' overlap")
        }
        return sections
    }
}

/// The checksum of an index payload, computed on a thread of its own from the moment it is made.
/// `@unchecked Sendable`: the payload pointer is only read, and ``value()`` waits for the thread, which
/// `decode` always calls before it returns or throws, so the mapping outlives every read of it.
private final class BackgroundChecksum: @unchecked Sendable {
    private let payload: UnsafeRawBufferPointer
    private let done = DispatchSemaphore(value: 0)
    private var result: UInt64 = 0

    init(_ payload: UnsafeRawBufferPointer) {
        self.payload = payload
        let thread = Thread { [self] in
            result = IndexFile.checksum(self.payload)
            done.signal()
        }
        thread.start()
    }

    /// Waits for the checksum (the semaphore orders the thread's write of `result` before this read).
    func value() -> UInt64 {
        done.wait()
        return result
    }
}
