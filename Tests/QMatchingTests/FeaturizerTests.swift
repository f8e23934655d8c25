import Foundation
import Testing
import QLinearAlgebra
@testable import QMatching
@testable import QProfiles

/// Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations, in Double: the brute-force reference.
func jacobiEigenvalues(_ input: [[Double]]) -> [Double] {
    var a = input
    let n = a.count
    for _ in 0..<100 {
        var off = 0.0
        for p in 0..<n { for q in 0..<n where p != q { off += a[p][q] * a[p][q] } }
        if off < 1e-22 { break }
        for p in 0..<n {
            for q in (p + 1)..<n where abs(a[p][q]) > 1e-300 {
                let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for k in 0..<n {
                    let akp = a[k][p], akq = a[k][q]
                    a[k][p] = c * akp - s * akq
                    a[k][q] = s * akp + c * akq
                }
                for k in 0..<n {
                    let apk = a[p][k], aqk = a[q][k]
                    a[p][k] = c * apk - s * aqk
                    a[q][k] = s * apk + c * aqk
                }
            }
        }
    }
    return (0..<n).map { a[$0][$0] }.sorted(by: >)
}

func communityMembers(_ count: Int, seed: UInt64) -> [Member] {
    var rng = SeededRandom(seed: seed)
    let topics = ["falls", "sepsis", "frailty", "dementia", "maternity", "digital", "co-production", "peer support",
                  "workforce wellbeing", "health inequalities"]
    let methods = ["PDSA", "SPC", "Lean", "human factors"]
    return (0..<count).map { i in
        let theme = Int.random(in: 0..<topics.count, using: &rng)
        let mine = [topics[theme], topics[(theme + 1) % topics.count], topics[Int.random(in: 0..<topics.count, using: &rng)]]
        return Member(id: String(format: "c%04d", i), role: ["nurse", "manager", "researcher"][i % 3],
                      sector: ["acute", "primary-care"][i % 2], region: ["Wales", "London", "Scotland"][i % 3],
                      topics: mine, methods: [methods[Int.random(in: 0..<4, using: &rng)]],
                      challenge: "reducing \(mine[0]) on older people's wards", bio: i % 4 == 0 ? "" : "interested in \(mine[1])",
                      discoverable: i % 9 != 4, attributes: ["team": "t\(i % 4)"])
    }
}

@Suite struct FeaturizerTests {
    @Test func randomizedSVDMatchesBruteForceSingularValues() {
        // 30 × 12 sparse-ish matrix: its rank (≤ 12) is below dimension + oversampling, so the SVD is exact.
        var rng = SeededRandom(seed: 9)
        var dense = [[Double]](repeating: [Double](repeating: 0, count: 12), count: 30)
        var offsets = [0], indices: [Int32] = [], values: [Float] = []
        for r in 0..<30 {
            for c in 0..<12 where Double.random(in: 0..<1, using: &rng) < 0.4 {
                let v = Float.random(in: 0.1...1, using: &rng)
                dense[r][c] = Double(v)
                indices.append(Int32(c))
                values.append(v)
            }
            offsets.append(indices.count)
        }
        let svd = RandomizedSVD(SparseMatrix(rows: 30, columns: 12, offsets: offsets, indices: indices, values: values),
                                dimension: 8, oversampling: 10)
        var gram = [[Double]](repeating: [Double](repeating: 0, count: 12), count: 12)
        for i in 0..<12 { for j in 0..<12 { for r in 0..<30 { gram[i][j] += dense[r][i] * dense[r][j] } } }
        let expected = jacobiEigenvalues(gram).prefix(8).map { $0.squareRoot() }
        for (got, want) in zip(svd.singularValues, expected) {
            #expect(abs(Double(got) - want) < 1e-3 * max(1, want), "σ \(got) vs \(want)")
        }
        // The projection's columns are orthonormal.
        for a in 0..<8 {
            for b in 0..<8 {
                var dot: Float = 0
                for r in 0..<12 { dot += svd.projection[r * 8 + a] * svd.projection[r * 8 + b] }
                #expect(abs(dot - (a == b ? 1 : 0)) < 1e-3)
            }
        }
    }

    @Test func foldInReproducesTheFittedVectors() {
        let members = communityMembers(120, seed: 1)
        let (model, vectors) = Featurizer.fit(members, dimension: 16)
        for (row, member) in members.enumerated() {
            let folded = model.vector(for: member)
            let fitted = Array(vectors[(row * 16)..<((row + 1) * 16)])
            let difference = zip(folded, fitted).map { abs($0 - $1) }.max() ?? 0
            #expect(difference < 1e-4, "member \(member.id)")
        }
    }

    /// Two equal dictionaries iterate in different orders (each has its own seed), so a fold-in that summed in
    /// the dictionary's order gave the same member two vectors a bit apart: a served answer then differed
    /// from a rebuilt one. The fold-in is a function of the terms only.
    @Test func foldInIsTheSameToTheLastBitWhateverTheDictionarysOrder() {
        let members = communityMembers(120, seed: 3)
        let (model, _) = Featurizer.fit(members, dimension: 32)
        for member in members {
            let terms = Featurizer.terms(of: member)
            var reordered = [String: Float](minimumCapacity: 4 * terms.count + 64)
            for (term, weight) in terms.sorted(by: { $0.key > $1.key }) { reordered[term] = weight }
            #expect(model.vector(terms) == model.vector(reordered), "member \(member.id)")
            #expect(model.tfidf(terms).map(\.value) == model.tfidf(reordered).map(\.value))
        }
    }

    @Test func behavesWithFewMembersTinyVocabulariesAndEmptyProfiles() {
        // N < d, one shared topic, one member without any terms.
        let members = [Member(id: "a", topics: ["falls"]), Member(id: "b", topics: ["falls"]), Member(id: "c")]
        let (model, vectors) = Featurizer.fit(members, dimension: 256)
        #expect(vectors.count == 3 * 256)
        #expect(vectors.allSatisfy { $0.isFinite })
        let a = Array(vectors[0..<256]), b = Array(vectors[256..<512]), c = Array(vectors[512..<768])
        #expect(abs(zip(a, b).map { $0 * $1 }.reduce(0, +) - 1) < 1e-5)
        #expect(c.allSatisfy { $0 == 0 })
        #expect(model.vector(forText: "nothing known here").allSatisfy { $0 == 0 })
        // Nobody at all.
        let (_, none) = Featurizer.fit([], dimension: 4)
        #expect(none.isEmpty)
    }

    @Test func tokenizerDropsStopWordsAndKeepsNames() {
        #expect(Tokenizer.words("Reducing the FALLS on older people's wards, in 2019!") ==
                ["reducing", "falls", "older", "peoples", "wards"])
        #expect(Tokenizer.words("Gofal yng Nghymru: Siân’s project") == ["gofal", "yng", "nghymru", "siâns", "project"])
        #expect(Tokenizer.bigrams(["a1", "b2", "c3"]) == ["a1 b2", "b2 c3"])
    }

    @Test func fieldWeightsRejectUnknownFieldsAndBadValues() throws {
        #expect(try FieldWeights().setting("topics", to: 2).topics == 2)
        #expect(throws: ProfileError.self) { try FieldWeights().setting("shoe-size", to: 1) }
        #expect(throws: ProfileError.self) { try FieldWeights().setting("bio", to: -1) }
        #expect(throws: ProfileError.self) { try FieldWeights().setting("bio", to: .nan) }
    }
}

@Suite struct MatcherTests {
    static func index(_ members: [Member]) -> MatchingIndex {
        let (model, vectors) = Featurizer.fit(members, dimension: 24)
        return MatchingIndex(ids: members.map { $0.id }, discoverable: members.map { $0.discoverable },
                             interests: InterestMatrix(rows: members.count, dimension: 24, values: vectors),
                             model: model, builtAt: "now")
    }

    @Test func searchAndSimilarReturnTheBruteForceTopKOfVisibleMembers() {
        let members = communityMembers(200, seed: 4)
        let index = Self.index(members)
        // One member erased after the build: visible ids come from the store, not the index.
        var visible = Set(members.filter(\.discoverable).map(\.id))
        visible.remove("c0010")
        let view = ServingView(index: index, visibleIDs: visible)
        let query = index.model.vector(forText: "reducing falls and frailty")
        let results = view.search("reducing falls and frailty", limit: 15)
        let expected = Reference.topK(Array(index.interests.values), rows: 200, dimension: 24, query: query, k: 15) {
            visible.contains(members[$0].id)
        }
        #expect(Reference.matches(results, expected) { row in
            zip(index.interests.row(row), query).map { $0 * $1 }.reduce(0, +)
        })
        for row in 0..<30 {
            let member = members[row]
            let similar = view.similar(to: row, limit: 10)
            #expect(similar.count == 10)
            #expect(similar.allSatisfy { visible.contains(members[$0.row].id) && members[$0.row].id != member.id })
        }
    }

    @Test func aNewMemberFoldsInBeforeAnyRebuild() throws {
        let members = communityMembers(100, seed: 5)
        let base = ServingView(index: Self.index(members), visibleIDs: Set(members.map(\.id)))
        let newcomer = Member(id: "new-1", topics: ["maternity", "digital"], challenge: "reducing maternity harm")
        let view = base.upserting([newcomer, Member(id: "empty")])
        let row = try #require(view.row(of: "new-1"))
        #expect(row == members.count)
        let similar = view.similar(to: row, limit: 5)
        #expect(similar.count == 5)
        #expect(similar.allSatisfy { members[$0.row].topics.contains("maternity") || members[$0.row].topics.contains("digital") })
        #expect(view.similar(to: try #require(view.row(of: "empty")), limit: 5).isEmpty)
        // The newcomer is found by others at once, as a row like any other.
        let first = try #require(similar.first)
        #expect(view.similar(to: first.row, limit: 100).contains { $0.row == row })
    }
}
