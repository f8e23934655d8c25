import Foundation
import Testing
@testable import QMatching
@testable import QProfiles

/// The approximate content index (an inverted file): recall against exact search, exactness when every
/// list is probed, privacy and the overlay in the serving view, and the index file's new sections.
@Suite struct ClusterIndexTests {
    /// Unit rows around `clusters` centres with noise as large as the centres' spread, so that clusters overlap
    /// and the lists do not match them one to one.
    static func clusteredMatrix(rows: Int = 2_000, dimension: Int = 32, clusters: Int = 40,
                                seed: UInt64 = 21) -> InterestMatrix {
        let centres = Reference.random(rows: clusters, dimension: dimension, seed: seed)
        let noise = Reference.random(rows: rows, dimension: dimension, seed: seed &+ 1)
        var generator = SeededRandom(seed: seed &+ 2)
        var values = [Float](repeating: 0, count: rows * dimension)
        for row in 0..<rows {
            let c = generator.below(clusters)
            for j in 0..<dimension { values[row * dimension + j] = centres[c * dimension + j] + 0.6 * noise[row * dimension + j] }
        }
        let unit = VectorSet.normalizedRows(values, rows: rows, dimension: dimension).values
        return InterestMatrix(rows: rows, dimension: dimension, values: unit)
    }

    /// Recall@10 of `got` against `exact`, over every row.
    static func recall(_ got: NearestNeighbours, _ exact: NearestNeighbours) -> Double {
        var found = 0, total = 0
        for row in 0..<exact.rows {
            let truth = Set(exact.neighbours(of: row).map(\.row))
            found += got.neighbours(of: row).filter { truth.contains($0.row) }.count
            total += truth.count
        }
        return Double(found) / Double(max(total, 1))
    }

    @Test func recallOfTheSelfJoinAndOfSingleQueriesIsHighOnClusteredData() throws {
        let matrix = Self.clusteredMatrix()
        let index = ClusterIndex.train(matrix, probes: 8)
        #expect(index.lists == ClusterIndex.defaultLists(rows: 2_000))
        #expect(index.members.sorted() == (0..<2_000).map(Int32.init), "every row in exactly one list")
        let exact = matrix.allNearest(k: 10)
        let approximate = index.allNearest(matrix, k: 10, probes: 8)
        let selfJoinRecall = Self.recall(approximate, exact)
        #expect(selfJoinRecall >= 0.95, "self-join recall@10 \(selfJoinRecall)")
        // Scores are exact: each reported score is the row pair's dot product.
        for row in stride(from: 0, to: 2_000, by: 97) {
            for neighbour in approximate.neighbours(of: row) {
                let score = rowDot(matrix, row, neighbour.row)
                #expect(abs(score - neighbour.score) < 1e-5)
            }
        }
        let calibrated = index.calibrated(matrix, target: 0.95, sample: 200)
        let measured = try #require(calibrated.recall)
        #expect(measured >= 0.95, "calibration reached \(measured) with \(calibrated.probes) probes")
        #expect(calibrated.probes < calibrated.lists, "fewer probes than lists suffice on clustered data")
    }

    @Test(arguments: [1, 2])
    func probingEveryListIsExact(_ threads: Int) {
        let matrix = Self.clusteredMatrix(rows: 600, dimension: 16, clusters: 12, seed: 5)
        let index = ClusterIndex.train(matrix, lists: 9, threads: threads)
        let eligible = (0..<600).map { $0 % 7 != 3 }
        let exclusions = ExclusionLists((0..<600).map { [($0 + 1) % 600, ($0 * 7) % 600] })
        let exact = matrix.allNearest(k: 6, eligible: eligible, exclusions: exclusions, threads: threads)
        // Small blocks: lists split into several tiles, with ragged edges.
        let approximate = index.allNearest(matrix, k: 6, probes: index.lists, eligible: eligible,
                                           exclusions: exclusions, threads: threads, blockSize: 32)
        #expect(approximate.indices == exact.indices)
        #expect(zip(approximate.scores, exact.scores).allSatisfy { abs($0 - $1) < 1e-5 || $0 == $1 })
        for query in [0, 299, 599] {
            let got = index.nearest(to: matrix.row(query), in: matrix, k: 6, probes: index.lists) {
                eligible[$0] && $0 != query
            }
            let expected = matrix.nearest(to: matrix.row(query), k: 6,
                                          filter: RowFilter(eligible: eligible, excluded: [query]))
            #expect(got.map(\.row) == expected.map(\.row))
        }
    }

    /// A shard of a batch run computes only the block pairs touching its rows, and its rows get exactly the
    /// neighbours of the whole run.
    @Test func aShardsRowsGetTheWholeRunsNeighbours() {
        let matrix = Self.clusteredMatrix(rows: 500, dimension: 16, clusters: 10, seed: 9)
        let whole = matrix.allNearest(k: 5, blockSize: 64)
        let shard = matrix.allNearest(k: 5, blockSize: 64, receivers: 130..<260)
        for row in 130..<260 { #expect(shard.neighbours(of: row) == whole.neighbours(of: row)) }
    }

    @Test func anEmptyOrTinyMatrixIsHandled() {
        let empty = InterestMatrix(rows: 0, dimension: 4, values: [])
        let none = ClusterIndex.train(empty)
        #expect(none.rows == 0 && none.allNearest(empty, k: 3).indices.isEmpty)
        let one = InterestMatrix(rows: 1, dimension: 2, values: [1, 0])
        let single = ClusterIndex.train(one)
        #expect(single.allNearest(one, k: 2).indices == [-1, -1])
        #expect(single.nearest(to: [1, 0], in: one, k: 3) { _ in true }.map(\.row) == [0])
    }

    // MARK: The serving view

    @Test func hiddenRowsAreNeverReturnedAndOverlayRowsAreFound() async throws {
        let directory = try Scratch()
        _ = try CommunityGenerator(members: 300, seed: 4).write(to: directory.path, format: .csv)
        let store = try ProfileStore(path: nil)
        _ = try await store.importFiles(ImportSources(directory: directory.path))
        let index = try await MatchingIndex.build(from: store, dimension: 24, approximate: .on)
        let clusters = try #require(index.clusters)
        #expect(clusters.recall != nil && clusters.lists == ClusterIndex.defaultLists(rows: index.ids.count))
        var view = try await ServingView.current(index: index, store: store)
        let asker = try #require((0..<view.snapshotRows).first { view.isVisible($0) && view.vector($0).contains { $0 != 0 } })
        let before = view.similar(to: asker, limit: 10)
        try #require(before.count == 10)
        // Hide the best match: it is never returned again, and another takes its place.
        let hidden = view.id(of: before[0].row)
        view = view.hiding(hidden)
        let after = view.similar(to: asker, limit: 10)
        #expect(after.count == 10 && !after.contains { view.id(of: $0.row) == hidden })
        let wide = view.similar(to: asker, limit: 50)
        #expect(wide.count == 50 && wide.allSatisfy { view.isVisible($0.row) && $0.row != asker })
        // A newcomer with the asker's profile is found first, from the overlay.
        var members: [Member] = []
        try await store.forEachMember { members.append($0) }
        let profile = try #require(members.first { $0.id == view.id(of: asker) })
        var twin = profile
        twin.id = "zz-twin"
        view = view.upserting(twin)
        let twinRow = try #require(view.row(of: "zz-twin"))
        #expect(view.similar(to: asker, limit: 5).first?.row == twinRow)
        // Search goes through the same path.
        #expect(!view.search(profile.topics.joined(separator: " "), limit: 5).contains { view.id(of: $0.row) == hidden })
    }

    // MARK: The index file

    static func indexWithClusters() throws -> MatchingIndex {
        let base = try richIndex()
        let clusters = ClusterIndex.train(base.interests, lists: 3, probes: 2)
        return MatchingIndex(ids: base.ids, discoverable: base.discoverable, interests: base.interests, model: base.model,
                             facts: base.facts, graph: base.graph, blend: base.blend, builtAt: base.builtAt,
                             clusters: clusters.probing(2, recall: 0.9))
    }

    @Test func theApproximateIndexRoundTrips() throws {
        let scratch = try Scratch()
        let index = try Self.indexWithClusters()
        let loaded = try IndexFile.write(index, to: scratch.file("q.qindex"))
        #expect(loaded.clusters == index.clusters)
        #expect(try IndexFile.read(scratch.file("q.qindex")).clusters?.recall == 0.9)
        // An index without one still reads (and has none).
        let plain = try IndexFile.write(try richIndex(), to: scratch.file("p.qindex"))
        #expect(plain.clusters == nil)
    }

    static let damages: [SectionDamage] = [
        SectionDamage(name: "a row in two lists", expected: "'ann.members' does not hold every row") { s in
            s.editInt32s("ann.members") { $0[1] = $0[0] }
        },
        SectionDamage(name: "a member past the rows", expected: "'ann.members' does not hold every row") { s in
            s.editInt32s("ann.members") { $0[0] = 1_000 }
        },
        SectionDamage(name: "list offsets going backwards", expected: "'ann.offsets' is inconsistent") { s in
            s.editInt32s("ann.offsets") { $0[1] = $0[3] + 1 }
        },
        SectionDamage(name: "a NaN centroid", expected: "a centroid holds a value that is not finite") { s in
            s.editFloats("ann.centroids") { $0[2] = .nan }
        },
        SectionDamage(name: "zero probes", expected: "bad approximate index") { s in
            var meta = try! JSONSerialization.jsonObject(with: s[section: "ann.meta"]) as! [String: Any]
            meta["probes"] = 0
            s[section: "ann.meta"] = try! JSONSerialization.data(withJSONObject: meta)
        },
        SectionDamage(name: "centroids cut short", expected: "section sizes do not agree") { s in
            s.editFloats("ann.centroids") { $0.removeLast() }
        },
        SectionDamage(name: "members missing", expected: "section 'ann.members' is missing") { s in
            s.list.removeAll { $0.name == "ann.members" }
        },
    ]

    @Test(arguments: damages)
    func refusesADamagedApproximateIndex(_ damage: SectionDamage) throws {
        let scratch = try Scratch()
        var sections = IndexSections(list: try IndexFile.sections(of: try Self.indexWithClusters()))
        damage.damage(&sections)
        try IndexFileCorruptionTests.write(sections.list, to: scratch.file("q.qindex"))
        do {
            _ = try IndexFile.read(scratch.file("q.qindex"))
            Issue.record("a damaged approximate index was accepted (\(damage.name))")
        } catch let error as MatchingError {
            #expect(error.isCorruptIndex)
            #expect(error.description.contains(damage.expected), "\(error.description)")
            #expect(error.description.contains("run `qmatch build`"))
        }
    }

    // MARK: Memory

    @Test func aJobTooLargeForMemoryIsRefusedSayingHowMuchItNeeds() throws {
        let needed = MemoryBudget.nearestNeighbours(rows: 1 << 26, dimension: 1_024, k: 10, threads: 2,
                                                    approximate: true)
        #expect(needed > 512 << 30)
        #expect(throws: MatchingError.self) { try MemoryBudget.check(needed, for: "knn", available: 24 << 30) }
        do { try MemoryBudget.check(needed, for: "knn", available: 24 << 30) } catch let error as MatchingError {
            #expect(error.description.contains("needs about") && error.description.contains("24.0 GiB available"))
        }
        #expect(MemoryBudget.nearestNeighbours(rows: Int.max / 2, dimension: 4_096, k: 100, threads: 2,
                                               approximate: false) == Int.max, "saturates")
        try MemoryBudget.check(1 << 20, for: "knn", available: 1 << 30)
    }
}

/// `vector(a) · vector(b)` in float32.
func rowDot(_ matrix: InterestMatrix, _ a: Int, _ b: Int) -> Float {
    zip(matrix.row(a), matrix.row(b)).reduce(0) { $0 + $1.0 * $1.1 }
}

/// The memory estimates of import and build cover the peaks measured at 100,000 and 1,000,000 members
/// (Benchmarks/README.md), without asking for much more.
@Suite struct MemoryEstimateTests {
    @Test(arguments: [(73_697_603, 0.71), (723_298_691, 5.18)])
    func importCoversItsMeasuredPeak(_ fileBytes: Int, _ measuredGiB: Double) {
        let estimate = Double(MemoryBudget.importing(fileBytes: fileBytes)) / Double(1 << 30)
        #expect(estimate >= measuredGiB && estimate <= measuredGiB * 1.25, "\(estimate) GiB")
    }

    @Test func buildCoversItsMeasuredPeak() {
        let estimate = Double(MemoryBudget.building(members: 1_000_000, dimension: 256)) / Double(1 << 30)
        #expect(estimate >= 6.38 && estimate <= 6.38 * 1.25, "\(estimate) GiB")
        #expect(MemoryBudget.building(members: Int.max / 2, dimension: 4_096) == Int.max)
        #expect(MemoryBudget.importing(fileBytes: Int.max / 2) == Int.max)
    }
}
