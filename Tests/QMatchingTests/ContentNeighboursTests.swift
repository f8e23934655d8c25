import Foundation
import QLinearAlgebra
import Testing
@testable import QMatching
@testable import QProfiles

/// The content neighbour lists (issue 15): a list answers exactly as a scan, or says it cannot.
@Suite struct ContentNeighboursTests {
    /// The exact top-`k` of `row` among admitted rows, scored as queries score (float32 dot products).
    static func scan(_ matrix: InterestMatrix, row: Int, k: Int, admits: (Int) -> Bool) -> [Neighbour] {
        let d = matrix.dimension, base = matrix.values.baseAddress!
        return (0..<matrix.rows).filter { $0 != row && admits($0) }
            .map { Neighbour(row: $0, score: BLAS.dot(base + row * d, base + $0 * d, count: d)) }
            .sorted(by: Neighbour.ranksBefore).prefix(k).map { $0 }
    }

    @Test(arguments: dataCases)
    func aListAnswersAsTheScanOrDeclines(_ data: DataCase) {
        let matrix = InterestMatrix(rows: data.rows, dimension: data.dimension, values: data.values())
        let lists = ContentNeighbours.compute(matrix, length: 12, threads: 2)
        #expect(lists.k == min(12, data.rows - 1))
        var rng = SeededRandom(seed: 5)
        let hidden = (0..<data.rows).map { _ in Int.random(in: 0..<10, using: &rng) == 0 }
        let admitting: [(String, (Int) -> Bool)] = [
            ("all", { _ in true }), ("a tenth hidden", { !hidden[$0] }), ("nine tenths hidden", { $0 % 10 == 0 }),
        ]
        var answered = 0
        for row in 0..<data.rows {
            for (name, admits) in admitting {
                for k in [1, 5, 12] {
                    guard let got = lists.nearest(of: row, k: k, interests: matrix, admits: admits) else { continue }
                    #expect(got == Self.scan(matrix, row: row, k: k, admits: admits), "row \(row), \(name), k \(k)")
                    if name == "all" && k == 5 { answered += 1 }
                }
            }
        }
        // Lists of 12 answer "the best 5 of everyone" for most rows (a tie at the floor between duplicated
        // rows may make one decline).
        #expect(answered * 10 >= data.rows * 8, "\(answered) of \(data.rows) answered")
    }

    @Test func aListThatIsTooShortDeclines() {
        let data = dataCases[0]
        let matrix = InterestMatrix(rows: data.rows, dimension: data.dimension, values: data.values())
        let lists = ContentNeighbours.compute(matrix, length: 8, threads: 1)
        for row in 0..<20 {
            // Every listed row blocked: nothing in the list is admitted, so only a scan can answer.
            let listed = Set(lists.list(of: row))
            #expect(listed.count == 8)
            #expect(lists.nearest(of: row, k: 3, interests: matrix, admits: { !listed.contains($0) }) == nil)
            #expect(lists.nearest(of: row, k: 9, interests: matrix, admits: { _ in true }) == nil)
        }
    }

    /// A community whose scans take the half-precision path (exact float32 re-rank), so that scan and list
    /// score every row by the same dot product and the answers must be identical, not merely close.
    static func indexes() async throws -> (lists: MatchingIndex, scan: MatchingIndex, store: ProfileStore) {
        let fixture = try await CommunityFixture.make(members: 700, seed: 9, dimension: 32)
        let built = fixture.index
        #expect(built.contentNeighbours?.k == ContentNeighbours.defaultLength)
        let interests = InterestMatrix(rows: built.interests.rows, dimension: built.interests.dimension,
                                       storage: built.interests.storage, fastQueries: true, minimumHalfSize: 0)
        func index(_ lists: ContentNeighbours?) -> MatchingIndex {
            MatchingIndex(ids: built.ids, discoverable: built.discoverable, interests: interests, model: built.model,
                          facts: built.facts, graph: built.graph, blend: built.blend, ranker: built.ranker,
                          builtAt: built.builtAt, contentNeighbours: lists)
        }
        return (index(built.contentNeighbours), index(nil), fixture.store)
    }

    @Test(.enabled(if: HalfMatrix.isSupported))
    func recommendationsAreIdenticalWithAndWithoutTheLists() async throws {
        let (withLists, withoutLists, store) = try await Self.indexes()
        var fast = try await ServingView.current(index: withLists, store: store)
        var slow = try await ServingView.current(index: withoutLists, store: store)
        // Hide some members and add an edited one (an overlay row), as a serving view holds them.
        for id in withLists.ids.prefix(40).enumerated().filter({ $0.offset % 4 == 0 }).map(\.element) {
            fast = fast.hiding(id)
            slow = slow.hiding(id)
        }
        var edited = try #require(try await store.member(withLists.ids[100]))
        edited.bio = "leads falls prevention and sepsis work across acute wards"
        fast = fast.upserting(edited)
        slow = slow.upserting(edited)
        // The lists answer (rather than decline to) most members' 80 content candidates.
        let lists = try #require(withLists.contentNeighbours)
        let answered = (0..<fast.snapshotRows).filter { row in
            lists.nearest(of: row, k: 80, interests: withLists.interests, admits: { fast.isVisible($0) }) != nil
        }
        #expect(answered.count * 10 >= fast.snapshotRows * 8, "\(answered.count) of \(fast.snapshotRows)")
        let fastRecommender = Recommender(view: fast), slowRecommender = Recommender(view: slow)
        let filters = [RecommendFilters(), RecommendFilters(region: fast.index.facts.categories.first)]
        for row in stride(from: 0, to: fast.rowCount, by: 3) {
            for filter in filters {
                let a = fastRecommender.recommend(row: row, filters: filter, limit: 10)
                let b = slowRecommender.recommend(row: row, filters: filter, limit: 10)
                #expect(a.map(\.row) == b.map(\.row), "row \(row)")
                #expect(a.map(\.score) == b.map(\.score), "row \(row)")
            }
            #expect(fast.similar(to: row, limit: 15) == slow.similar(to: row, limit: 15), "row \(row)")
            #expect(fast.similar(to: row, limit: 15).allSatisfy { fast.isVisible($0.row) && $0.row != row })
        }
    }

    @Test func theListsRoundTripThroughTheIndexFile() async throws {
        let fixture = try await CommunityFixture.make(members: 200, seed: 4, dimension: 16)
        let lists = try #require(fixture.index.contentNeighbours)
        let loaded = try IndexFile.write(fixture.index, to: fixture.directory.file("q.qindex"))
        let read = try #require(loaded.contentNeighbours)
        #expect(read.k == lists.k && read.entries == lists.entries)
        #expect(zip(read.floors, lists.floors).allSatisfy { $0.bitPattern == $1.bitPattern })
    }

    @Test func anIndexWithoutTheListsStillServes() async throws {
        let fixture = try await CommunityFixture.make(members: 150, seed: 4, dimension: 16)
        var sections = IndexSections(list: try IndexFile.sections(of: fixture.index))
        sections.list.removeAll { $0.name.hasPrefix("c.") }
        let path = fixture.directory.file("old.qindex")
        try IndexFileCorruptionTests.write(sections.list, to: path)
        let old = try IndexFile.read(path)
        #expect(old.contentNeighbours == nil)
        let view = ServingView(index: old), current = ServingView(index: fixture.index)
        for row in 0..<20 {
            // The scan of a small matrix scores by sgemv, the list by dot products: equal up to the last bits.
            let scanned = view.similar(to: row, limit: 5), listed = current.similar(to: row, limit: 5)
            #expect(scanned.count == listed.count && zip(scanned, listed).allSatisfy { abs($0.score - $1.score) < 1e-5 })
        }
    }
}
